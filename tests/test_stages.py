"""Stages state what they need and add; the pipeline checks the order when it is
built, and its resources (gazetteer, models) are injectable."""

from __future__ import annotations

import pytest

import newsx
from newsx.entities.gazetteer import Gazetteer
from newsx.pipeline import Pipeline
from newsx.resources import read_tsv, read_words
from newsx.stages import WHOLE_DOCUMENT, PipelineError, Resources, Stage, check_order

TEXT = "وقال الرئيس الروسي فلاديمير بوتين إنه التقى الرئيس الفرنسي إيمانويل ماكرون في موسكو أمس."


def _count_actors(doc: newsx.Document, res: Resources) -> None:
    doc.meta["actor_count"] = len(doc.actors)


def test_a_stage_before_what_it_needs_fails_when_the_pipeline_is_built():
    needs_events = Stage("summary", _count_actors, frozenset({"events"}), frozenset())
    Pipeline(extra=(needs_events,))  # the built-in event stage provides them
    with pytest.raises(PipelineError, match="'summary' needs events"):
        Pipeline(events=False, extra=(needs_events,))


def test_check_order_names_the_first_missing_layer():
    tokenise = WHOLE_DOCUMENT[1]
    with pytest.raises(PipelineError, match="'tokenise' needs sentences"):
        check_order([tokenise])
    assert {"sentences", "tokens", "norms", "dateline", "date"} <= check_order(WHOLE_DOCUMENT)


def test_an_extra_stage_runs_after_the_built_in_ones_on_real_text():
    counter = Stage("count", _count_actors, frozenset({"actors"}), frozenset({"actor_count"}))
    doc = Pipeline(coder="rules", extra=(counter,))(newsx.Document(TEXT))
    assert doc.meta["actor_count"] == len(doc.actors) >= 2


def test_an_injected_gazetteer_is_the_one_names_are_linked_with():
    rows = [dict(r, canonical="Putin (injected)") if r["canonical"] == "Vladimir Putin" else r
            for r in read_tsv("gazetteer/entities.tsv")]
    mine = Gazetteer(rows, list(read_tsv("gazetteer/nationalities.tsv")), list(read_tsv("gazetteer/titles.tsv")),
                     read_words("gazetteer/common_words.txt"))
    shipped = Pipeline(coder="rules")(newsx.Document(TEXT))
    injected = Pipeline(coder="rules", resources=Resources(coder="rules", gazetteer=mine))(newsx.Document(TEXT))
    assert "Vladimir Putin" in {e.canonical for e in shipped.entities}
    assert "Putin (injected)" in {e.canonical for e in injected.entities}
    assert "Putin (injected)" in {a.canonical for a in injected.actors}


def test_resources_load_once_and_are_shared_by_a_replaced_pipeline():
    import dataclasses

    pipe = Pipeline(coder="rules")
    every = dataclasses.replace(pipe, all_events=True)
    assert every.resources is pipe.resources and every.coder_fn() is pipe.coder_fn()
    assert [s.name for s in every.stages][-1] == "events" and [s.name for s in pipe.stages][-1] == "asserted"
