"""Build newsx/data/gazetteer/common_words.txt (build time only): the most
frequent word forms of Arabic news, in matching form, minus every word that
occurs in a person name of the gazetteer.

The title pattern (الرئيس ... NAME) uses it to tell a name that follows a title
from the sentence that goes on (الرئيس الروسي سيعقد اجتماعا): a name must have
at least one word that is not common news vocabulary or is a known given name.
Source text: the ANT news corpora (Apache-2.0) in ../shared/data/news/ant-*.

    .venv/bin/python tools/build_common_words.py [--top 20000]
"""

from __future__ import annotations

import argparse
import sys
import tarfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsx.lang.ar.normalise import normalise  # noqa: E402
from newsx.resources import read_tsv  # noqa: E402
from newsx.text.tokenise import token_offsets  # noqa: E402

NEWS = ROOT.parent / "shared" / "data" / "news"
OUT = ROOT / "newsx" / "data" / "gazetteer" / "common_words.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=20000)
    args = ap.parse_args()
    counts: Counter[str] = Counter()
    for archive in sorted(NEWS.glob("ant-*/*.tar.xz")):
        with tarfile.open(archive) as tar:
            for member in tar:
                if not member.isfile():
                    continue
                text = tar.extractfile(member).read().decode("utf-8", errors="replace")  # type: ignore[union-attr]
                counts.update(normalise(text[s:e]) for s, e in token_offsets(text))
    name_words = {normalise(w) for row in read_tsv("gazetteer/entities.tsv") if row["type"] == "PER"
                  for w in row["surface"].split()}
    words = [w for w, _ in counts.most_common() if w.isalpha() and w not in name_words
             and all("\u0621" <= c <= "\u064a" for c in w)][: args.top]
    OUT.write_text("# Most frequent ANT news words (Apache-2.0 source text), minus gazetteer name words;"
                   " built by tools/build_common_words.py\n" + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words from {sum(counts.values()):,} tokens -> {OUT}")


if __name__ == "__main__":
    main()
