"""The gazetteer's per-token store of the readings that may open an entry: it
must hold exactly the readings the matcher would have tried, in the same order."""

from __future__ import annotations

from pathlib import Path

from newsx.entities import gazetteer as gz
from newsx.entities.gazetteer import Gazetteer
from newsx.lang.ar.clitics import clitic_splits
from newsx.text.document import Document
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_6a0ec1e029379d25.txt"


def _seed() -> Document:
    return tokenise(segment(Document(SEED.read_text(encoding="utf-8"))))


def test_kept_starts_are_the_readings_that_open_an_entry() -> None:
    gaz = Gazetteer.default()
    opened = 0
    for n in set(_seed().norms):
        readings = clitic_splits(n, False)
        starts = gaz._starts(n)
        assert starts.names == tuple((p, s, gaz._max_len[s]) for p, s in readings if gaz._max_len.get(s, 0))
        assert starts.phrases == tuple((p, s) for p, s in readings if s in gaz._phrase_first)
        assert starts.nationalities == tuple(s for _, s in readings
                                             if s in gaz.nationalities or any(k.startswith(s + " ") for k in gaz.nationalities))
        assert gaz.describes(n) == bool(starts.phrases or starts.nationalities)
        opened += starts is not gz._NO_STARTS
    assert opened > 20


def test_nationalities_of_one_and_two_words_as_before() -> None:
    """``nationality_at`` tries only the kept stems; on every seed token it gives
    what trying every clitic reading gives (الكوري الشمالي before الكوري)."""
    gaz = Gazetteer.default()

    def every_reading(norms: list[str], i: int) -> tuple[int, str] | None:
        for _, stem in clitic_splits(norms[i], False):
            if i + 1 < len(norms) and (code := gaz.nationalities.get(f"{stem} {norms[i + 1]}")):
                return i + 2, code
            if code := gaz.nationalities.get(stem):
                return i + 1, code
        return None

    doc = _seed()
    found = 0
    for sent in doc.sentences:
        norms = doc.norms[sent.token_start : sent.token_end]
        for i in range(len(norms)):
            assert gaz.nationality_at(norms, i) == every_reading(norms, i)
            found += every_reading(norms, i) is not None
    two = next(k for k in gaz.nationalities if " " in k).split()
    assert gaz.nationality_at(two, 0) == (2, gaz.nationalities[" ".join(two)])
    assert found > 3


def test_the_store_empties_when_full() -> None:
    gaz = Gazetteer([], [], [])
    gaz._starts_of.update((str(i), gz._NO_STARTS) for i in range(gz._STARTS_KEPT))
    assert gaz._starts("x") is gz._NO_STARTS
    assert list(gaz._starts_of) == ["x"]
