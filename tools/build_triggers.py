"""Build newsx/data/events/triggers.tsv from the UniversalPetrarch Arabic CAMEO
dictionaries (MIT, Open Event Data Alliance) and newsx's curated triggers.

Build time only: the installed package reads the TSV this writes, never
../shared. Run:

    .venv/bin/python tools/build_triggers.py [--up DIR] [--bench DIR]

The curated lexicon is the source: its rows are always rebuilt. The
UniversalPetrarch step is optional: without the dictionaries (``--up``, default
../shared/...), the ``up-cameo`` rows of the current triggers.tsv are kept as
they are; without the bench articles, each row keeps its current
``bench_per_million``.

Why the UP dictionary is filtered hard: its verb synsets were made by
translating English WordNet synsets word by word, so a block mixes unrelated
senses (أخذ / تلقى / سيطر على under one CAMEO code). We keep a UP entry only
when it is a conjugable verb and either (a) carries a code of its own on the
verb line, or (b) comes from a pattern whose object words give it context; a
bare entry whose generated forms are frequent in ordinary news (the bench
articles) is dropped, because its commonest sense is not the event.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsx.lang.ar.normalise import normalise  # noqa: E402
from newsx.text.tokenise import TOKEN_RE  # noqa: E402

OUT_DIR = ROOT / "newsx" / "data" / "events"
UP_DIR = ROOT.parent / "shared" / "data" / "universalpetrarch-arabic" / "dictionaries_arabic"
BENCH_DIR = ROOT.parent / "shared" / "data" / "news" / "bench"

# A UP entry without context is dropped when its forms occur more often than
# this per million bench tokens: a word that frequent is mostly not the event.
MAX_BARE_PER_MILLION = 40.0
# A UP pattern naming more verbs than this is a whole synset's, not a verb's.
MAX_PATTERN_VERBS = 2
# Only UP codes of material conflict (CAMEO 14-20, quad class 4) are taken:
# there the pattern objects are concrete (convoy, crossing, curfew); the UP
# patterns for verbal codes hang on abstract nouns and code noise.
UP_QUAD_CLASSES = {4}
# UP verbs reviewed and left out, with the reason (translation errors).
UP_REJECT = {
    "فرض": "'impose' coded as fight/protest",
    "كافح": "'struggle against' (a problem) coded as fight",
    "جاهد": "'strive' coded as fight",
    "طرد": "'expel' coded as mass violence 201",
    "دفع": "'push/pay' coded as mass violence 201",
    "اخترق": "object 'حتي' is a parse error",
    "اخر": "normalises to 'other/last'",
    "حذر": "'warn' coded as reduce relations",
    "ضعف": "'weaken' coded as reduce relations",
    "قمع": "'suppress' coded as curfew",
    "حصر": "'limit/count' coded as blockade",
    "شعل": "'kindle' coded as protest",
    "هرع": "'rush' coded as mobilize with any noun",
    "نزع": "'remove' coded as peacekeeper withdrawal",
    "اعترض": "'object to' outnumbers 'intercept'",
    "رفع": "'raise' (a case, prices) coded as arrest/alert",
    "اضاف": "'add' coded as banning parties",
    "جنب": "'avoid' coded as assassination attempt",
    "وضع": "'put' coded as alert status",
    "تجاهل": "'ignore' coded as reduce relations",
    "التزم": "'commit to' coded as assault",
    "بدل": "'replace' coded as alert",
    "ازال": "'remove' with currency objects",
    "عبر": "'express' coded as dissent",
    "اعرب": "'express' coded as dissent",
    "اقم": "not a verb form",
    "طهر": "'purify' coded as expel",
    "اشر": "'indicate' coded as protest",
    "كثر": "'increase' coded as force posture",
    "كبت": "'suppress (feelings)' coded as alert",
    "استوحذ": "misspelt lemma",
    "قدم": "'present' coded as arrest",
    "سلم": "'hand over' coded as arrest",
    "جاوز": "'exceed' coded as occupy",
    "نسد": "not a verb form",
    "تقدم": "'make progress' outnumbers 'advance (troops)'",
}
# Prepositions and particles inside UP patterns: structure, not context.
_PATTERN_STOP = {"ل", "في", "على", "إلى", "الى", "من", "عن", "ب", "مع", "ضد", "ك", "-", "هوو", "أجل", "اجل", "لاجل", "نحو", "عبر", "خلال", "أثناء", "بعد", "قبل", "تحت", "واسطة"}

PAST_SUFFIXES = ("", "ت", "وا", "و", "ا", "تا", "ن", "نا", "تم")
PRESENT_PREFIXES = ("ي", "ت", "ن")
PRESENT_SUFFIXES = ("", "ون", "وا", "و", "ان", "ا", "ن", "ين")


@dataclass
class Entry:
    """One trigger row: surface forms plus coding."""

    lemma: str
    pos: str
    cameo: str
    mode: str = ""
    forms: set[str] = field(default_factory=set)
    present: set[str] = field(default_factory=set)
    context: str = ""
    exclude: str = ""
    sense: str = ""  # a sense check's name (newsx.events.reporting.SENSES)
    report: str = ""  # a report check's name (newsx.events.reporting.REPORTS)
    source: str = "curated"
    note: str = ""


# -- verb forms ---------------------------------------------------------------

def conjugable(lemma: str) -> bool:
    """Sound verbs only: our rules cannot derive weak or hollow stems."""
    n = normalise(lemma)
    if len(n) < 3 or n[-1] in "اىيو" or "ء" in n:
        return False
    if len(n) == 3 and n[1] in "اوي":
        return False
    return n[-1] != n[-2]  # doubled (ردّ): stems change before suffixes


def present_stem(past: str) -> str:
    """Present stem from a past 3ms: forms IV/VII/VIII/X drop the initial alef."""
    return past[1:] if past.startswith("ا") and len(past) >= 4 else past


def verb_forms(lemma: str) -> tuple[set[str], set[str]]:
    """(past, present) surface forms, normalised. Passives (قُتل، يُقتل) are the
    same letters once diacritics are gone."""
    past = normalise(lemma)
    stem = present_stem(past)
    pasts = {past + s for s in PAST_SUFFIXES}
    presents = {p + stem + s for p in PRESENT_PREFIXES for s in PRESENT_SUFFIXES}
    return pasts, presents


def noun_forms(word: str) -> set[str]:
    """Singular noun plus accusative -ا and dual forms."""
    n = normalise(word)
    out = {n}
    if n.endswith("ه"):
        out |= {n[:-1] + "تان", n[:-1] + "تين"}
    else:
        out |= {n + "ا", n + "ان", n + "ين"}
    return out


# -- curated ------------------------------------------------------------------

def read_curated(path: Path) -> list[Entry]:
    """Rows of curated_triggers.tsv, with their surface forms generated."""
    entries: list[Entry] = []
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        e = Entry(row["lemma"], row["pos"], row["cameo"], row["mode"], context=row["context"],
                  exclude=row["exclude"], sense=row["sense"], report=row["report"], source="curated",
                  note=row["note"])
        extra = [f.strip() for f in row["forms"].split(",") if f.strip()]
        explicit = bool(extra) and extra[0].startswith("=")
        if explicit:
            extra[0] = extra[0][1:]
        drop = {normalise(f[1:]) for f in extra if f.startswith("-")}
        extra = [f for f in extra if not f.startswith("-")]
        words = e.lemma.split()
        head, rest = words[0], " ".join(normalise(w) for w in words[1:])
        if not explicit:
            if e.pos == "verb":
                past, pres = verb_forms(head)
                e.forms |= past | pres
                e.present |= pres
            else:
                e.forms |= noun_forms(head)
            if rest:
                e.forms = {f"{f} {rest}" for f in e.forms}
                e.present = {f"{f} {rest}" for f in e.present}
        for f in extra:
            n = " ".join(normalise(w) for w in f.split())
            e.forms.add(n)
            if e.pos == "verb" and n[:1] in PRESENT_PREFIXES and normalise(head)[:1] != n[:1]:
                e.present.add(n)
        e.forms -= drop
        e.present -= drop
        entries.append(e)
    return entries


# -- UniversalPetrarch ----------------------------------------------------------

_HEADER = re.compile(r"^---\s*(\S+)\s*\[([^\]]*)\]\s*---")
_VERB = re.compile(r"^([^\s#\[]+)\s*(?:\[(\d+)\])?\s*#")
_PATTERN = re.compile(r"^-\s*(.*?)\[(\d+)\]\s*#?\s*(.*)$")


def _clean_lemma(s: str) -> tuple[str, str]:
    """'حصل+على' -> ('حصل', 'على'); underscores join multiword lemmas."""
    parts = s.replace("_", " ").split("+")
    return parts[0].strip(), " ".join(p.strip() for p in parts[1:] if p.strip())


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """&NAME -> its one-word members (the first word of a phrase such as
    اعضاء_الخدمة would stand for the phrase wrongly)."""
    sets: dict[str, list[str]] = {}
    name = None
    for line in lines:
        if line.startswith("&"):
            name = line.strip()
            sets[name] = []
        elif name and line.startswith(("+", "_")):
            words = [w for w in line.strip("+_ \t").replace("+", "_").split("_") if w]
            if len(words) == 1:
                sets[name].append(words[0])
        elif line.startswith("#######") and "VERB" in line:
            name = None
    return sets


def pattern_context(pattern: str, synsets: dict[str, list[str]]) -> list[str]:
    """The head object of a UP pattern (first content word after the verb
    slot, or the members of its synset): the word the verb needs nearby."""
    if "*" not in pattern:
        return []
    for tok in re.findall(r"&\w+|[^\s(){}&$+*]+", pattern.split("*", 1)[1]):
        if tok.startswith("&"):
            return sorted({normalise(w) for w in synsets.get(tok, []) if len(w) > 2})
        if tok not in _PATTERN_STOP and len(tok) > 2:
            return [normalise(tok)]
    return []


def read_up(path: Path, synsets: dict[str, list[str]]) -> list[Entry]:
    """Verb entries from a UP verb-pattern file.

    Kept: (a) targeted patterns, whose comment names at most
    ``MAX_PATTERN_VERBS`` verbs, coded with their object as context; (b) a
    code on the verb line of a block's own head verb. Patterns shared by a whole
    synset and codes on other members are where the translation noise is."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Entry] = []
    block: list[str] = []
    head_verb = ""
    for line in lines:
        m = _HEADER.match(line)
        if m:
            block, head_verb = [], normalise(_clean_lemma(m.group(1))[0])
            continue
        if not line.strip() or line.startswith(("#", "&", "+")):
            continue
        if line.startswith("-"):
            m = _PATTERN.match(line)
            if not m:
                continue
            pattern, code, comment = m.groups()
            listed = {normalise(_clean_lemma(v)[0]) for v in comment.split(",") if v.strip()}
            ctx = pattern_context(pattern, synsets)
            if not ctx or len(listed) > MAX_PATTERN_VERBS:
                continue
            for lemma in block:
                head, particle = _clean_lemma(lemma)
                if normalise(head) in listed and conjugable(head):
                    out.append(_up_entry(head, code, ctx, particle))
            continue
        m = _VERB.match(line)
        if m and " " not in m.group(1):
            block.append(m.group(1))
            head, particle = _clean_lemma(m.group(1))
            if m.group(2) and not particle and normalise(head) == head_verb and conjugable(head):
                out.append(_up_entry(head, m.group(2), [], particle))
    return out


def _up_entry(head: str, code: str, ctx: list[str], particle: str) -> Entry:
    past, pres = verb_forms(head)
    context = sorted(set(ctx))
    return Entry(head, "verb", code, forms=past | pres, present=pres, context="|".join(context),
                 source="up-cameo", note="UniversalPetrarch CAMEO.ar 0.5")


# -- frequency ----------------------------------------------------------------

def bench_counts(bench: Path, phrases: set[str]) -> tuple[collections.Counter, int]:
    """Counts over the bench articles of normalised tokens (also with و/ف
    peeled off) and of the given multiword ``phrases``."""
    counts: collections.Counter = collections.Counter()
    by_head: dict[str, list[list[str]]] = {}
    for ph in phrases:
        words = ph.split()
        by_head.setdefault(words[0], []).append(words[1:])
    total = 0
    for f in sorted(bench.glob("*.txt")):
        toks = [normalise(m.group()) for m in TOKEN_RE.finditer(f.read_text(encoding="utf-8", errors="replace"))]
        total += len(toks)
        for i, n in enumerate(toks):
            heads = [n] + ([n[1:]] if n[:1] in "وف" and len(n) > 3 else [])
            for h in heads:
                counts[h] += 1
                for rest in by_head.get(h, ()):
                    if toks[i + 1 : i + 1 + len(rest)] == rest:
                        counts[" ".join([h, *rest])] += 1
    return counts, total


def per_million(e: Entry, counts: collections.Counter, total: int) -> float:
    """How often the entry's forms (whole phrases for multiword forms) occur."""
    return 1e6 * sum(counts[f] for f in e.forms) / max(total, 1)


# -- main ---------------------------------------------------------------------

def load_mapping(path: Path) -> list[tuple[str, str, int]]:
    rows = [l.split("\t") for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return sorted(((r[0], r[1], int(r[2])) for r in rows[1:]), key=lambda r: -len(r[0]))


def plover_of(code: str, mapping: list[tuple[str, str, int]]) -> tuple[str, int] | None:
    for prefix, plover, quad in mapping:
        if code.startswith(prefix):
            return plover, quad
    return None


Row = tuple[Entry, str, int, float]


def build(up_dir: Path, bench: Path, previous: Path) -> list[Row]:
    """The lexicon's rows: the curated ones, then UP's (rebuilt from ``up_dir`` when
    it is there, else kept from ``previous``)."""
    mapping = load_mapping(OUT_DIR / "cameo_plover.tsv")
    curated = read_curated(OUT_DIR / "curated_triggers.tsv")
    old = read_previous(previous)
    up = read_up_dir(up_dir) if up_dir.is_dir() else []
    phrases = {f for e in curated + up for f in e.forms if " " in f}
    counts, total = bench_counts(bench, phrases) if bench.is_dir() else (collections.Counter(), 0)
    curated_lemmas = {normalise(e.lemma.split()[0]) for e in curated}
    rows: list[Row] = []
    seen: set[tuple[str, str, str]] = set()
    for e in curated + up:
        pq = plover_of(e.cameo, mapping)
        if pq is None:
            continue
        freq = per_million(e, counts, total) if total else old[_key(e)][3] if _key(e) in old else 0.0
        if e.source == "up-cameo":
            if normalise(e.lemma) in curated_lemmas or normalise(e.lemma) in UP_REJECT or pq[1] not in UP_QUAD_CLASSES:
                continue  # curated rows are the reviewed coding of their verbs
            if not e.context and freq > MAX_BARE_PER_MILLION:
                continue
            key = (normalise(e.lemma), pq[0], e.context)
            if key in seen:
                continue
            seen.add(key)
        rows.append((e, pq[0], pq[1], freq))
    if not up:
        rows += [row for row in old.values() if row[0].source == "up-cameo"]
    return rows


def read_up_dir(up_dir: Path) -> list[Entry]:
    """UP's verb entries from its CAMEO and assault dictionaries, with their synsets."""
    cameo_lines = (up_dir / "CAMEO.ar.0.5.txt").read_text(encoding="utf-8").splitlines()
    synsets = read_synsets(cameo_lines)
    synsets.update({k: v for k, v in read_synsets((up_dir / "synsets.ar.txt").read_text(encoding="utf-8").splitlines()).items() if k not in synsets})
    return read_up(up_dir / "CAMEO.ar.0.5.txt", synsets) + read_up(up_dir / "verbs_assualt_only.txt", synsets)


Key = tuple[str, str, str, str, str, str]


def _key(e: Entry) -> Key:
    """What tells rows apart across builds: coding, context and surface forms."""
    return e.lemma, e.pos, e.cameo, e.source, normalise(e.context), ",".join(sorted(e.forms))


def read_previous(path: Path) -> dict[Key, Row]:
    """The rows of an earlier build, by ``_key``."""
    if not path.is_file():
        return {}
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    out: dict[Key, Row] = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        e = Entry(row["lemma"], row["pos"], row["cameo"], row["mode"], set(filter(None, row["forms"].split(","))),
                  set(filter(None, row["present"].split(","))), row["context"], row["exclude"], row.get("sense", ""),
                  row.get("report", ""), row["source"], row["note"])
        out[_key(e)] = (e, row["plover"], int(row["quad_class"]), float(row["bench_per_million"]))
    return out


def write(rows: list[Row], path: Path) -> None:
    head = ("forms\tpresent\tlemma\tpos\tplover\tcameo\tquad_class\tmode\tcontext\texclude\tsense\treport\tsource"
            "\tbench_per_million\tnote")
    lines = [
        "# Generated by tools/build_triggers.py: do not edit; edit curated_triggers.tsv or the builder.",
        "# forms/present: normalised surface forms (present = present-tense verb forms); see PROVENANCE.md.",
        head,
    ]
    for e, plover, quad, freq in rows:
        lines.append("\t".join([
            ",".join(sorted(e.forms)), ",".join(sorted(e.present)), e.lemma, e.pos, plover, e.cameo,
            str(quad), e.mode, normalise(e.context), normalise(e.exclude), e.sense, e.report, e.source,
            f"{freq:.1f}", e.note,
        ]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--up", type=Path, default=UP_DIR)
    ap.add_argument("--bench", type=Path, default=BENCH_DIR)
    args = ap.parse_args()
    rows = build(args.up, args.bench, OUT_DIR / "triggers.tsv")
    write(rows, OUT_DIR / "triggers.tsv")
    by_source = collections.Counter(e.source for e, *_ in rows)
    print(f"wrote {len(rows)} entries to {OUT_DIR / 'triggers.tsv'}: {dict(by_source)}")


if __name__ == "__main__":
    main()
