"""Word-level NER tags to newsx entity spans, shared by the backends.

Models disagree on schemes (camel-tools: BIO with PERS; stanza: BIOES with PER;
some checkpoints IOB1, where I- may open an entity), so decoding is lenient: an
I-/E- tag continues the open entity only when its type matches, otherwise it
opens one.
"""

from __future__ import annotations

from typing import Sequence

from newsx.text.document import Document, Entity

# Model type names -> newsx types. Places are LOC: the GPE/LOC split is made
# centrally with the gazetteer for every recogniser. Other types (dates, ...)
# are not newsx entities and are dropped.
TYPE_MAP = {
    "PER": "PER", "PERS": "PER", "PERSON": "PER",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "LOC": "LOC", "GPE": "LOC", "LOCATION": "LOC", "FAC": "LOC",
    "MISC": "MISC",
}


def split_tag(tag: str) -> tuple[str, str | None]:
    """('B'|'I'|'E'|'S'|'O', newsx type or None) for a tag such as 'B-PERS'."""
    if not tag or tag == "O" or "-" not in tag:
        return "O", None
    prefix, _, name = tag.partition("-")
    return prefix.upper(), TYPE_MAP.get(name.upper())


def decode(tags: Sequence[str], scores: Sequence[float] | None = None) -> list[tuple[int, int, str, float]]:
    """(start, end, type, mean score) word spans of a tag sequence."""
    spans: list[tuple[int, int, str, float]] = []
    open_start, open_type = -1, None

    def close(end: int) -> None:
        nonlocal open_start, open_type
        if open_type is not None:
            part = scores[open_start:end] if scores is not None else []
            spans.append((open_start, end, open_type, sum(part) / len(part) if part else 1.0))
        open_start, open_type = -1, None

    for i, tag in enumerate(tags):
        prefix, type_ = split_tag(tag)
        if type_ is None:
            close(i)
            continue
        continues = prefix in ("I", "E") and open_type == type_
        if not continues:
            close(i)
            open_start, open_type = i, type_
        if prefix in ("E", "S"):
            close(i + 1)
    close(len(tags))
    return spans


def sentence_entities(
    doc: Document, k: int, tags: Sequence[str], scores: Sequence[float] | None, found_by: str
) -> list[Entity]:
    """Entities of sentence ``k`` from one tag per newsx token of that sentence."""
    base = doc.sentences[k].token_start
    starts, ends = doc.token_starts, doc.token_ends
    return [
        doc.entity(starts[base + i], ends[base + j - 1], type_, sentence=k, score=round(score, 4), found_by=found_by)
        for i, j, type_, score in decode(tags, scores)
    ]
