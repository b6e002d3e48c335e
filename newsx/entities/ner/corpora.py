"""Readers for the token-per-line NER corpora in ``shared/data``, all mapped to
one coarse IOB2 scheme: PER, ORG, GPE, LOC, MISC.

Each reader returns a list of ``(tokens, tags)`` sentences. The corpora differ in
layout and tag set; every difference is handled here so the rest of ``newsx.entities.ner``
sees one format.

- ANERcorp: ``token tag``, no sentence boundaries (split after each ``.``),
  U+200F marks, tags PERS/LOC/ORG/MISC (PERS -> PER). Countries are LOC.
- AQMAR: ``token tag``, blank-line sentences, MIS0..MIS3 (-> MISC) and label
  typos; ``stanza_split`` reproduces Stanza's train/dev/test split. Countries are LOC.
- FANE Gold (WikiFANE, NewsFANE): BOM, CRLF, ``token<TAB>tag``, a line holding a
  single TAB between sentences, U+200E before most tokens, fine classes only;
  ``FANE_COARSE`` maps them (below).
- Wojood sample: nested, up to four tags per token outermost first; the
  outermost mention whose type newsx keeps wins (``WOJOOD_COARSE``).

Fine -> coarse mapping of FANE (ACE-derived taxonomy of Alotaibi & Lee 2014):
  PER  Politician Athlete Artist Scientist Businessperson Lawyer Engineer Police
       Religious_PER Other_PER
  ORG  Government Non-Governmental Commercial Educational Media Sports
       Entertainment Medical-Science Religious_ORG
  GPE  Nation State-or-Province Population-Center County-or-District GPE-Cluster
       Continent
  LOC  Water-Body Land-Region-Natural Celestial
  MISC Book Movie Sound Software Hardware Food Drug Plant (products), Air Land
       Water (vehicles), Blunt Exploding Nuclear Projectile Sharp Shooting
       Chemical (weapons)
  O    Group (peoples and nationalities, e.g. العرب: ANERcorp and Wojood's
       newsx mapping leave them untagged), Building-Grounds Subarea-Facility
       Airport Path (facilities: ANERcorp tags ~65% of them O, and so does
       newsx for Wojood's FAC)
"""

from __future__ import annotations

import random
from pathlib import Path

from newsx.lang.ar import lexicon
from newsx.lang.ar.clitics import PROCLITIC_LETTERS, clitic_splits
from newsx.lang.ar.letters import FIRST_LETTER, LAST_LETTER
from newsx.lang.ar.normalise import normalise

Sentence = tuple[list[str], list[str]]
TYPES = ("PER", "ORG", "GPE", "LOC", "MISC")

FANE_COARSE: dict[str, str] = {
    **dict.fromkeys(
        "Politician Athlete Artist Scientist Businessperson Lawyer Engineer Police "
        "Religious_PER Other_PER".split(), "PER"),
    **dict.fromkeys(
        "Government Non-Governmental Commercial Educational Media Sports "
        "Entertainment Medical-Science Religious_ORG".split(), "ORG"),
    **dict.fromkeys(
        "Nation State-or-Province Population-Center County-or-District GPE-Cluster "
        "Continent".split(), "GPE"),
    **dict.fromkeys("Water-Body Land-Region-Natural Celestial".split(), "LOC"),
    **dict.fromkeys(
        "Book Movie Sound Software Hardware Food Drug Plant Air Land Water Blunt "
        "Exploding Nuclear Projectile Sharp Shooting Chemical".split(), "MISC"),
    **dict.fromkeys("Group Building-Grounds Subarea-Facility Airport Path".split(), "O"),
}
# NewsFANE spells one label differently.
FANE_ALIASES = {"Population-Cntr": "Population-Center"}

# Wojood's 21 types -> newsx. Named events, products, laws, websites and
# currencies are MISC (ANERcorp tags currencies and named events MISC);
# NORP, OCC, facilities and the numeric/temporal types are not newsx entities.
WOJOOD_COARSE: dict[str, str] = {
    "PERS": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC",
    "EVENT": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "WEBSITE": "MISC", "CURR": "MISC",
}


def spans_to_tags(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``n`` tokens from (start, end, type) token spans."""
    tags = ["O"] * n
    for s, e, t in spans:
        tags[s] = "B-" + t
        for k in range(s + 1, e):
            tags[k] = "I-" + t
    return tags


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans of IOB1/IOB2 tags (an I- after a different
    type opens a new span, as seqeval does)."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for k, tag in enumerate(tags + ["O"]):
        prefix, _, t = tag.partition("-")
        if prefix == "I" and t == typ and start >= 0:
            continue
        if start >= 0:
            spans.append((start, k, typ))
            start, typ = -1, ""
        if prefix in ("B", "I") and t:
            start, typ = k, t
    return spans


def _coarse(tags: list[str], mapping: dict[str, str]) -> list[str]:
    """Map span types with ``mapping`` (missing or 'O' -> dropped), as IOB2."""
    spans = [(s, e, mapping.get(t, "O")) for s, e, t in tags_to_spans(tags)]
    return spans_to_tags(len(tags), [sp for sp in spans if sp[2] != "O"])


class _Identity(dict):
    """Type mapping that keeps every type as written, but PERS -> PER."""

    def get(self, key, default=None):  # type: ignore[override]
        return "PER" if key == "PERS" else key


_IDENTITY = _Identity()


# -- ANERcorp ---------------------------------------------------------------
def read_anercorp(path: Path) -> list[Sentence]:
    """ANERcorp: one ``token tag`` per line, sentences end after a ``.`` token."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        parts = line.replace("\u200f", "").split()
        if len(parts) < 2:
            continue
        toks.append(" ".join(parts[:-1]))
        tags.append(parts[-1])
        if toks[-1] == ".":
            sents.append((toks, _coarse(tags, _IDENTITY)))
            toks, tags = [], []
    if toks:
        sents.append((toks, _coarse(tags, _IDENTITY)))
    return sents


# -- AQMAR ------------------------------------------------------------------
def aqmar_tag(tag: str) -> str:
    """Stanza's AQMAR tag clean-up, then MIS -> MISC."""
    if tag.startswith("O"):
        return "O"
    if tag.startswith("I-MIS"):
        return "I-MISC"
    if tag.startswith("I--"):
        return "I-" + tag[3:]
    if tag.startswith("B-MIS"):
        return "B-MISC"
    if tag.startswith(("B-ENGLISH", "B-SPANISH")):
        return "O"
    if not tag.startswith(("B-", "I-")):
        return "O"
    return tag


def read_blank_separated(path: Path, tag_fn=lambda t: t) -> list[Sentence]:
    """``token tag`` lines, blank lines between sentences (AQMAR, CoNLL-like)."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines() + [""]:
        parts = line.split()
        if len(parts) >= 2:
            toks.append(parts[0])
            tags.append(tag_fn(parts[1]))
        elif toks:
            sents.append((toks, tags))
            toks, tags = [], []
    return sents


def read_aqmar(path: Path) -> list[Sentence]:
    """One AQMAR article, or any blank-line ``token tag`` file (PERS -> PER), as IOB2."""
    return [(t, _coarse(g, _IDENTITY)) for t, g in read_blank_separated(path, aqmar_tag)]



def aqmar_files(folder: Path) -> list[Path]:
    """The 28 article files in Stanza's order: sorted, 3rd and 4th swapped."""
    files = sorted(Path(folder).glob("*.txt"))
    files[2], files[3] = files[3], files[2]
    return files


def stanza_split(folder: Path) -> tuple[list[Sentence], list[Sentence], list[Sentence]]:
    """AQMAR train/dev/test exactly as Stanza made it (seed 1234, 70/15/15)."""
    sents = [s for f in aqmar_files(folder) for s in read_aqmar(f)]
    random.Random(1234).shuffle(sents)  # = random.seed(1234); random.shuffle(...)
    n = len(sents)
    a, b = int(0.7 * n), int(0.7 * n) + int(0.15 * n)
    return sents[:a], sents[a:b], sents[b:]


# -- FANE -------------------------------------------------------------------
def fane_coarse(fine: str) -> str:
    return FANE_COARSE.get(FANE_ALIASES.get(fine, fine), "O")


def merge_proclitics(toks: list[str], tags: list[str]) -> Sentence:
    """Re-attach proclitics that FANE wrote as tokens of their own (و غيث -> وغيث),
    as ANERcorp and newsx's tokeniser keep them: a one-letter و ف ب ل ك tagged O
    before an Arabic word joins it and takes its tag."""
    out_t: list[str] = []
    out_g: list[str] = []
    k = 0
    while k < len(toks):
        t, g = toks[k], tags[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else ""
        if t in PROCLITIC_LETTERS and g == "O" and len(nxt) >= 2 and FIRST_LETTER <= nxt[0] <= LAST_LETTER:
            out_t.append(t + nxt)
            out_g.append(tags[k + 1])
            k += 2
            continue
        out_t.append(t)
        out_g.append(g)
        k += 1
    return out_t, out_g


def read_fane(path: Path) -> list[Sentence]:
    """WikiFANE/NewsFANE Gold, fine classes mapped with ``FANE_COARSE``,
    split-off proclitics re-attached (``merge_proclitics``)."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    text = Path(path).read_text(encoding="utf-8-sig")
    for line in text.split("\n") + ["\t"]:
        tok, _, tag = line.rstrip("\r").replace("\u200e", "").partition("\t")
        tok, tag = tok.strip(), tag.strip()
        if tok and tag:
            toks.append(tok)
            tags.append(tag)
        elif toks and not tok:
            mapping = {t: fane_coarse(t) for t in {g[2:] for g in tags if g != "O"}}
            sents.append(merge_proclitics(toks, _coarse(tags, mapping)))
            toks, tags = [], []
    return sents


# Currency names, which ANERcorp and Wojood (CURR) tag MISC and FANE has no
# class for; ``tag_currencies`` marks them in FANE. (Not ين, yen: ب+ين is "between".)
CURRENCIES = lexicon.norms("currencies")


def tag_currencies(sents: list[Sentence]) -> list[Sentence]:
    """Untagged currency names (any proclitics) become single-token MISC."""
    out = []
    for toks, tags in sents:
        new = list(tags)
        for k, (t, g) in enumerate(zip(toks, tags)):
            if g == "O" and any(r in CURRENCIES for _, r in clitic_splits(normalise(t))):
                new[k] = "B-MISC"
        out.append((toks, new))
    return out


# -- Wojood -----------------------------------------------------------------
def read_wojood(path: Path) -> list[Sentence]:
    """Wojood sample: of the nested mentions, the outermost one whose type maps
    to a newsx type (``WOJOOD_COARSE``) is kept; ``$#$`` line-break tokens dropped."""
    sents: list[Sentence] = []
    rows: list[list[str]] = []

    def flush() -> None:
        rows[:] = [r for r in rows if r[0] != "$#$"]
        if not rows:
            return
        toks = [r[0] for r in rows]
        depth = max(len(r) - 1 for r in rows)
        spans = []
        for level in range(depth):
            col = [r[1 + level] if len(r) > 1 + level else "O" for r in rows]
            spans += [(s, e, WOJOOD_COARSE.get(t, "O")) for s, e, t in tags_to_spans(col)]
        kept: list[tuple[int, int, str]] = []
        for s, e, t in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
            if t != "O" and all(e <= ks or s >= ke for ks, ke, _ in kept):
                kept.append((s, e, t))
        sents.append((toks, spans_to_tags(len(toks), kept)))
        rows.clear()

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            rows.append(parts)
        else:
            flush()
    flush()
    return sents


# -- any of them ------------------------------------------------------------
def detect_format(path: Path) -> str:
    """'fane', 'anercorp', 'wojood' or 'conll' (blank-line ``token tag``, e.g. AQMAR)."""
    head = Path(path).open("rb").read(200_000)
    text = head.decode("utf-8", "replace")
    if text.startswith("\ufeff") or "\t" in text.split("\n", 1)[0]:
        return "fane"
    lines = text.split("\n")
    if not any(not ln.strip() for ln in lines[:-1]):
        return "anercorp"
    if any(len(ln.split()) > 2 for ln in lines) or any(
        ln.split()[1:2] and ln.split()[1][2:] in ("PERS", "NORP", "OCC", "DATE") for ln in lines
    ):
        return "wojood"
    return "conll"


def read_corpus(path: Path, fmt: str = "auto") -> list[Sentence]:
    """Sentences of any supported file, in the coarse newsx scheme."""
    fmt = detect_format(path) if fmt == "auto" else fmt
    readers = {"fane": read_fane, "anercorp": read_anercorp, "wojood": read_wojood,
               "conll": read_aqmar, "aqmar": read_aqmar}
    return readers[fmt](path)


def fold_gpe(sents: list[Sentence]) -> list[Sentence]:
    """GPE -> LOC, the scheme of ANERcorp and AQMAR."""
    return [(t, [g.replace("GPE", "LOC") for g in tags]) for t, tags in sents]


def write_conll(sents: list[Sentence], path: Path) -> None:
    """Write ``token tag`` lines with blank lines between sentences."""
    with Path(path).open("w", encoding="utf-8") as f:
        for toks, tags in sents:
            for t, g in zip(toks, tags):
                f.write(f"{t} {g}\n")
            f.write("\n")
