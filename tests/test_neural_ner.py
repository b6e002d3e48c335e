"""The neural NER tagger: CRF decoding, embeddings, training and ONNX export on a
tiny corpus, loading (and refusing broken files), and the shipped model."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

from newsx.entities.ner.neural.crf import marginals, viterbi  # noqa: E402
from newsx.entities.ner.neural.runtime import NEURAL_DIR, NeuralModel, NeuralModelError  # noqa: E402
from newsx.entities.recognise import load_recogniser  # noqa: E402
from newsx.text.document import Document  # noqa: E402
from newsx.text.segment import segment  # noqa: E402
from newsx.text.tokenise import tokenise  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6a0ec1e029379d25.txt"
TRAIN = [
    (["قال", "الرئيس", "بوتين", "في", "موسكو"], ["O", "O", "B-PER", "O", "B-GPE"]),
    (["زار", "ماكرون", "باريس", "و", "الأمم", "المتحدة"], ["O", "B-PER", "B-GPE", "O", "B-ORG", "I-ORG"]),
    (["وصل", "بوتين", "الى", "باريس", "امس"], ["O", "B-PER", "O", "B-GPE", "O"]),
]


def test_crf_decoding_matches_brute_force():
    rng = np.random.default_rng(0)
    emis = rng.normal(size=(2, 4, 3)).astype(np.float32) * 3
    trans, start, end = (rng.normal(size=s).astype(np.float32) for s in ((3, 3), 3, 3))
    best, marg = viterbi(emis, trans, start, end), marginals(emis, trans, start, end)
    for b in range(2):
        scores = {p: start[p[0]] + end[p[-1]] + sum(emis[b, k, p[k]] for k in range(4))
                  + sum(trans[p[k - 1], p[k]] for k in range(1, 4)) for p in itertools.product(range(3), repeat=4)}
        z = np.logaddexp.reduce(list(scores.values()))
        want = np.zeros((4, 3))
        for p, s in scores.items():
            want[np.arange(4), p] += np.exp(s - z)
        assert tuple(best[b]) == max(scores, key=scores.get)
        assert np.allclose(marg[b], want, atol=1e-5)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """Vectors from a tiny text, a tagger trained on TRAIN for a few epochs, exported."""
    pytest.importorskip("gensim")
    pytest.importorskip("onnx")
    torch = pytest.importorskip("torch")
    from newsx.entities.ner.neural.embeddings import choose_vocab, sentences, train_vectors, save_table
    from newsx.entities.ner.neural.export import export
    from newsx.entities.ner.neural.recipe import corpus_words
    from newsx.entities.ner.neural.train import train_tagger

    torch.set_num_threads(1)
    tmp = tmp_path_factory.mktemp("neural")
    text = "\n".join(" ".join(t) for t, _ in TRAIN * 20)
    vec = train_vectors(list(sentences([text])), {"vector_size": 16, "min_count": 1, "epochs": 2, "bucket": 1000})
    corpora = {"news": TRAIN * 30}
    save_table(vec, choose_vocab(vec, corpus_words(corpora)), tmp / "vectors.npz")
    model, _, meta = train_tagger(corpora, {"dev": TRAIN}, tmp / "vectors.npz", None,
                                  {"hidden": 16, "char_filters": 16, "dropout": 0.0},
                                  {"epochs": 8, "batch": 8, "lr": 0.02, "threads": 1}, log=lambda m: None)
    assert meta["history"][-1]["dev"] > 90
    return export(model, meta, tmp / "vectors.npz", tmp / "model", quantise=False)


def test_tiny_model_loads_with_onnxruntime_and_tags(tiny_model):
    model = NeuralModel(tiny_model)
    assert model.tag(["قال", "الرئيس", "بوتين", "في", "موسكو"]) == ["O", "O", "B-PER", "O", "B-GPE"]
    (tags, spans), (empty, none) = model.tag_batch([["زار", "ماكرون", "باريس"], []])
    assert tags == ["O", "B-PER", "B-GPE"] and empty == [] and none == []
    assert all(0.5 < sc <= 1.0 for _, _, _, sc in spans)


def test_missing_and_corrupt_model_files_fail_clearly(tiny_model, tmp_path):
    import shutil

    broken = tmp_path / "m"
    shutil.copytree(tiny_model, broken)
    (broken / "tagger.onnx").write_bytes(b"not a model")
    with pytest.raises(NeuralModelError, match="cannot be loaded"):
        NeuralModel(broken)
    (broken / "neural.json").write_text("{", encoding="utf-8")
    with pytest.raises(NeuralModelError, match="corrupt"):
        NeuralModel(broken)
    (broken / "vectors.npz").unlink()
    with pytest.raises(NeuralModelError, match="vectors.npz is missing"):
        NeuralModel(broken)
    with pytest.raises(NeuralModelError):
        load_recogniser("neural", tmp_path / "nowhere")


@pytest.mark.skipif(not (NEURAL_DIR / "tagger.onnx").exists(), reason="no shipped neural model")
def test_shipped_neural_model_tags_the_seed_without_torch():
    import subprocess
    import sys

    code = ("import sys, json; from pathlib import Path; from newsx.entities.recognise import load_recogniser;"
            "from newsx.text.document import Document; from newsx.text.segment import segment;"
            "from newsx.text.tokenise import tokenise; rec = load_recogniser('neural');"
            "doc = tokenise(segment(Document(Path(sys.argv[1]).read_text(encoding='utf-8'))));"
            "print(json.dumps([[e.text, e.type] for e in rec(doc)], ensure_ascii=False));"
            "assert 'torch' not in sys.modules and 'onnx' not in sys.modules")
    out = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    found = {tuple(x) for x in json.loads(out.stdout)}
    assert ("فلاديمير بوتين", "PER") in found
    assert ("إيمانويل ماكرون", "PER") in found


@pytest.mark.skipif(not (NEURAL_DIR / "tagger.onnx").exists(), reason="no shipped neural model")
def test_crf_and_neural_are_both_selectable():
    doc = tokenise(segment(Document("وقال وزير الخارجية الأمريكي جون كيري في واشنطن.")))
    for name in ("crf", "neural", "model"):
        found = {(e.text, e.type) for e in load_recogniser(name)(doc)}
        assert ("جون كيري", "PER") in found, name


def test_cli_names_a_missing_neural_model_as_a_usage_error(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "newsx", "extract", str(SEED), "--ner", "neural", "--model", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "tagger.onnx is missing" in out.stderr
