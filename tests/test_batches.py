"""Documents run together (``Pipeline.run_many``, ``pipe``, the batch runner's
``open_items``) come out exactly as each would alone, and one that fails in a
batch takes no other document with it."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

import newsx
from newsx.io.process import open_items
from newsx.io.read import InputItem
from newsx.io.record import document_record
from newsx.pipeline import PIPE_BATCH, Pipeline
from newsx.stages import Resources, Stage

ARTICLES = sorted((Path(__file__).parent / "data" / "articles").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in ARTICLES]


def _record(doc: newsx.Document) -> str:
    return json.dumps(document_record(doc), ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_documents_run_together_equal_each_run_alone(pipeline):
    alone = [_record(pipeline(newsx.Document(t, id=str(n)))) for n, t in enumerate(TEXTS)]
    together = [_record(d) for d in pipeline.run_many([newsx.Document(t, id=str(n)) for n, t in enumerate(TEXTS)])]
    assert together == alone
    assert sum(json.loads(r)["events"] != [] for r in alone) >= 3  # real events, not empty records compared


def test_pipe_keeps_order_across_batches_and_a_long_document_among_short_ones():
    small = Pipeline(part_chars=2_000)  # the longest test article runs in parts, between the others
    long = max(range(len(TEXTS)), key=lambda n: len(TEXTS[n]))
    assert len(TEXTS[long]) > small.part_chars
    texts = TEXTS * 4
    alone = [_record(small(newsx.Document(t, id=str(n)))) for n, t in enumerate(texts)]
    piped = [_record(d) for d in small.pipe((newsx.Document(t, id=str(n)) for n, t in enumerate(texts)), batch=3)]
    assert piped == alone


def test_the_recogniser_tags_a_batch_of_documents_at_once(pipeline):
    model = pipeline.resources.recogniser
    seen: list[int] = []
    many = model.many

    def counting(docs):
        seen.append(len(docs))
        return many(docs)

    model.many = counting
    try:
        list(pipeline.pipe(newsx.Document(t) for t in TEXTS * 2))
    finally:
        del model.many
    assert seen == [min(PIPE_BATCH, 2 * len(TEXTS))] + ([2 * len(TEXTS) - PIPE_BATCH] if 2 * len(TEXTS) > PIPE_BATCH else [])


def _fail_on_bad(doc: newsx.Document, res: Resources) -> None:
    if doc.id == "bad":
        raise RuntimeError("a bug that only this text sets off")


def test_a_document_that_fails_in_a_batch_fails_alone(tmp_path):
    pipeline = Pipeline(coder="rules", extra=(Stage("fragile", _fail_on_bad),))
    items = [InputItem(str(n), f"text {n}", text=t) for n, t in enumerate(TEXTS)]
    items.insert(2, InputItem("bad", "the bad one", text=TEXTS[0]))
    items.insert(4, InputItem("missing", "gone.txt", path=tmp_path / "gone.txt"))
    out = [doc for doc, _ in open_items(pipeline, items)]
    assert [d.id for d in out] == [i.id for i in items]
    errors = {d.id: [e["code"] for e in d.errors] for d in out}
    assert errors.pop("bad") == ["internal"] and errors.pop("missing") == ["unreadable"]
    assert all(codes == [] for codes in errors.values())
    good = [d for d in out if d.id not in ("bad", "missing")]
    assert all(d.entities for d in good)
    alone = [pipeline(newsx.Document(i.text, id=i.id, source=i.source)) for i in items if i.id not in ("bad", "missing")]
    assert [_record(d) for d in good] == [_record(d) for d in alone]


_FAULTS_OF_A_SECOND_ARRAY = """
import resource, sys
import numpy as np
from newsx.io.process import keep_freed_memory
if sys.argv[1] == "keep":
    keep_freed_memory()
a = np.ones(5_000_000)  # 40 MB: above glibc's largest dynamic mmap threshold (32 MB)
del a
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
a = np.ones(5_000_000)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_batch_processes_reuse_freed_memory_instead_of_faulting_it_in_again():
    """A batch's arrays, freed, serve the next batch: no page faults for memory the process had."""
    def faults(mode: str) -> int:
        proc = subprocess.run([sys.executable, "-c", _FAULTS_OF_A_SECOND_ARRAY, mode], capture_output=True,
                              text=True, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
        return int(proc.stdout)

    assert faults("keep") <= 5
    # glibc maps and unmaps such blocks anew by default: 40 MB is 20 huge pages, 10,000 small ones
    assert faults("default") >= 15
