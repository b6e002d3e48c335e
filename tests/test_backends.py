"""Optional camel-tools and stanza backends, through the loading path a user's
real model takes: tiny models are trained here (a few seconds each, cached in
~/.cache/newsx-test-models), saved in the layout a downloaded model has, then
loaded by CamelRecogniser / StanzaRecogniser from that folder with the network
cut off."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newsx.entities.backends import BackendError, status_all
from newsx.entities.backends.tags import decode
from newsx.text.document import Document
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

CACHE = Path(os.environ.get("NEWSX_TEST_MODELS", Path.home() / ".cache" / "newsx-test-models"))
MODEL_VERSION = "2"
RLM = "\u200f"

# (sentence, BIO tags) -- camel-tools label names; stanza gets PER for PERS.
TRAIN = [
    ("التقى الرئيس محمود عباس وزير الخارجية في القاهرة .", "O O B-PERS I-PERS O O O B-LOC O"),
    ("قالت الأمم المتحدة إن الوضع في غزة خطير .", "O B-ORG I-ORG O O O B-LOC O O"),
    ("وصل أحمد إلى بيروت أمس .", "O B-PERS O B-LOC O O"),
    ("أعلنت منظمة الصحة العالمية عن كأس العالم .", "O B-ORG I-ORG I-ORG O B-MISC I-MISC O"),
    ("زار محمود عباس الأمم المتحدة في نيويورك .", "O B-PERS I-PERS B-ORG I-ORG O B-LOC O"),
    ("قال أحمد إن منظمة الصحة العالمية في بيروت .", "O B-PERS O B-ORG I-ORG I-ORG O B-LOC O"),
]
TEXT = "التقى الرئيس محمود عباس وزير الخارجية في القاهرة. قالت الأمم المتحدة إن الوضع في غزة خطير."
EXPECTED = [("محمود عباس", "PER"), ("القاهرة", "LOC"), ("الأمم المتحدة", "ORG"), ("غزة", "LOC")]


def _words_tags() -> list[tuple[list[str], list[str]]]:
    return [(s.split(), t.split()) for s, t in TRAIN]


def _doc(text: str) -> Document:
    return tokenise(segment(Document(text)))


def _found(entities) -> list[tuple[str, str]]:
    return [(e.text, e.type) for e in entities]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[1:] if len(args) > 1 else args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session", autouse=True)
def one_thread():
    import torch

    torch.set_num_threads(1)


# -- tiny models -------------------------------------------------------------


def build_tiny_bert(folder: Path) -> None:
    """A 2-layer BERT token classifier over a vocabulary of the test words,
    trained until it tags TRAIN, saved with save_pretrained."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    torch.manual_seed(0)
    data = _words_tags()
    labels = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
    words = sorted({w for ws, _ in data for w in ws})
    chars = sorted({c for w in words for c in w})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words, *chars, *("##" + c for c in chars)]
    vocab_ids = {piece: i for i, piece in enumerate(dict.fromkeys(vocab))}
    tokenizer = BertTokenizer(vocab=vocab_ids, do_lower_case=False, strip_accents=False)
    config = BertConfig(
        vocab_size=len(tokenizer.get_vocab()), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=64,
        id2label=dict(enumerate(labels)), label2id={lab: i for i, lab in enumerate(labels)},
    )
    model = BertForTokenClassification(config)
    enc = tokenizer([ws for ws, _ in data], is_split_into_words=True, padding=True, return_tensors="pt")
    target = torch.full(enc["input_ids"].shape, -100)
    for s, (_, tags) in enumerate(data):
        seen = set()
        for pos, w in enumerate(enc.word_ids(s)):
            if w is not None and w not in seen:
                seen.add(w)
                target[s, pos] = labels.index(tags[w])
    optim = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(150):
        optim.zero_grad()
        loss = model(**enc, labels=target).loss
        loss.backward()
        optim.step()
    model.eval()
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    # the vocab.txt every published BERT checkpoint ships (transformers 5 writes tokenizer.json only)
    (folder / "vocab.txt").write_text("".join(p + "\n" for p in vocab_ids), encoding="utf-8")


def build_tiny_stanza(folder: Path) -> None:
    """A stanza resources folder with a tiny Arabic NER model trained by
    stanza's own trainer, an {} resources.json and its word-vector pretrain."""
    import random

    from stanza.models import ner_tagger
    from stanza.models.common.pretrain import Pretrain

    work = folder / "_train"
    for sub in ("ner", "pretrain"):
        (folder / "ar" / sub).mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    data = _words_tags()
    rng = random.Random(0)
    words = sorted({w for ws, _ in data for w in ws})
    vectors = work / "vectors.txt"
    vectors.write_text(
        "".join(w + " " + " ".join(f"{rng.uniform(-1, 1):.3f}" for _ in range(16)) + "\n" for w in words),
        encoding="utf-8",
    )
    pretrain_file = folder / "ar" / "pretrain" / "tiny.pt"
    Pretrain(str(pretrain_file), str(vectors), save_to_file=True).load()
    sentences = [
        [{"text": w, "ner": t.replace("PERS", "PER")} for w, t in zip(ws, tags)] for ws, tags in data
    ]
    train = work / "train.json"
    train.write_text(json.dumps(sentences * 4, ensure_ascii=False), encoding="utf-8")
    ner_tagger.main([
        "--train_file", str(train), "--eval_file", str(train),
        "--wordvec_pretrain_file", str(pretrain_file), "--shorthand", "ar_tiny",
        "--save_dir", str(folder / "ar" / "ner"), "--save_name", "tiny.pt",
        "--hidden_dim", "32", "--char_hidden_dim", "16", "--char_emb_dim", "16",
        "--dropout", "0", "--word_dropout", "0", "--optim", "adam", "--lr", "0.01",
        "--batch_size", "8", "--max_steps", "150", "--eval_interval", "50", "--cpu",
    ])
    (folder / "resources.json").write_text("{}", encoding="utf-8")
    shutil.rmtree(work)


def cached(name: str, build) -> Path:
    """A model folder built once per MODEL_VERSION; a half-built one is redone."""
    folder = CACHE / f"{name}-v{MODEL_VERSION}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        build(folder)
        (folder / ".complete").touch()
    return folder


@pytest.fixture(scope="session")
def bert_dir() -> Path:
    return cached("tiny-bert-ner", build_tiny_bert)


@pytest.fixture(scope="session")
def stanza_dir() -> Path:
    return cached("tiny-stanza-ner", build_tiny_stanza)


# -- tag decoding ------------------------------------------------------------


def test_decode_bio_bioes_and_types():
    assert decode("B-PERS I-PERS O B-LOC".split()) == [(0, 2, "PER", 1.0), (3, 4, "LOC", 1.0)]
    assert decode("S-PER B-ORG I-ORG E-ORG S-GPE".split()) == [
        (0, 1, "PER", 1.0), (1, 4, "ORG", 1.0), (4, 5, "LOC", 1.0)]
    assert decode("I-ORG I-ORG I-LOC B-DATE".split(), [0.5, 1.0, 0.9, 1.0]) == [
        (0, 2, "ORG", 0.75), (2, 3, "LOC", 0.9)]


# -- camel -------------------------------------------------------------------


def test_camel_tags_through_the_user_path(bert_dir):
    from newsx.entities.backends.camel import CamelRecogniser

    rec = CamelRecogniser(bert_dir)
    assert rec.name == "camel"
    doc = _doc(TEXT)
    entities = rec(doc)
    assert _found(entities) == EXPECTED
    for e in entities:
        assert doc.text[e.start : e.end] == e.text and 0.5 < e.score <= 1.0 and e.found_by == "camel"
    assert [e.sentence for e in entities] == [0, 0, 1, 1]


def test_camel_zero_piece_word_does_not_shift_labels(bert_dir):
    from newsx.entities.backends.camel import CamelRecogniser

    rec = CamelRecogniser(bert_dir)
    words = ["التقى", RLM, "الرئيس", "محمود", "عباس", "في", "القاهرة"]
    (labels, _), = rec.tag([words])
    assert labels == ["O", "O", "O", "B-PERS", "I-PERS", "O", "B-LOC"]
    doc = _doc(f"التقى {RLM} الرئيس محمود عباس في القاهرة")
    assert _found(rec(doc)) == [("محمود عباس", "PER"), ("القاهرة", "LOC")]


def test_camel_long_sentence_is_cut_between_words(bert_dir):
    """The tiny model has 64 positions: a 90-word sentence is tagged in chunks,
    every word keeps its own label."""
    from newsx.entities.backends.camel import CamelRecogniser

    rec = CamelRecogniser(bert_dir)
    words, tags = _words_tags()[0]
    (labels, scores), = rec.tag([words * 10])
    assert rec.max_pieces == 62
    assert labels == tags * 10 and len(scores) == 90


def test_camel_lowercasing_tokenizer_keeps_hamza(bert_dir, tmp_path):
    """A folder whose tokenizer config says nothing about case (as many published
    checkpoints) lower-cases and strips accents by default: guarded."""
    from newsx.entities.backends.camel import CamelRecogniser

    folder = tmp_path / "lower"
    shutil.copytree(bert_dir, folder)
    (folder / "tokenizer.json").unlink(missing_ok=True)
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    for key in ("do_lower_case", "strip_accents"):
        config.pop(key, None)
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    rec = CamelRecogniser(folder)
    assert rec.hamza_guarded
    assert rec.tokenizer.tokenize("الأمم") == ["الأمم"]
    assert ("الأمم المتحدة", "ORG") in _found(rec(_doc(TEXT)))


def test_camel_honours_cameltools_data(bert_dir, tmp_path, monkeypatch):
    from newsx.entities.backends.camel import CamelRecogniser, status

    data = tmp_path / "ct"
    shutil.copytree(bert_dir, data / "data" / "ner" / "arabert")
    monkeypatch.setenv("CAMELTOOLS_DATA", str(data))
    assert status().state == "ready"
    assert CamelRecogniser(None).path == data / "data" / "ner" / "arabert"


def test_camel_fresh_process_without_catalogue_never_downloads(bert_dir, tmp_path):
    """The import-time catalogue download: a new process with an empty HOME and
    no CAMELTOOLS_DATA, sockets disabled, loads and tags."""
    script = f"""
import socket
def refuse(*a, **k): raise SystemExit("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
import torch; torch.set_num_threads(1)
from newsx.entities.backends.camel import CamelRecogniser
from newsx.text.document import Document
from newsx.text.segment import segment
from newsx.text.tokenise import tokenise
rec = CamelRecogniser({str(bert_dir)!r})
doc = tokenise(segment(Document({TEXT!r})))
print([(e.text, e.type) for e in rec(doc)])
"""
    env = {k: v for k, v in os.environ.items() if k != "CAMELTOOLS_DATA"}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"), OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert str(EXPECTED) in out.stdout
    assert (tmp_path / "cache" / "newsx" / "camel_tools_data" / "catalogue.json").is_file()


def test_camel_broken_user_catalogue_is_one_line(bert_dir, tmp_path):
    """A CAMELTOOLS_DATA folder whose catalogue.json is corrupt: camel-tools'
    import fails; newsx says so in one line (fresh process: the import runs once)."""
    data = tmp_path / "ct"
    data.mkdir()
    (data / "catalogue.json").write_text("{broken", encoding="utf-8")
    script = f"""
import socket
def refuse(*a, **k): raise SystemExit("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
from newsx.entities.backends import BackendError
from newsx.entities.backends.camel import CamelRecogniser
try:
    CamelRecogniser({str(bert_dir)!r})
except BackendError as exc:
    print(exc.state, "|", exc)
"""
    env = dict(os.environ, CAMELTOOLS_DATA=str(data), HOME=str(tmp_path), OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("broken | camel: ") and str(data / "catalogue.json") in lines[0]


@pytest.mark.parametrize("case", ["absent", "empty", "no_weights", "bad_config"])
def test_camel_missing_or_broken_is_one_line(case, bert_dir, tmp_path):
    from newsx.entities.backends.camel import CamelRecogniser, status

    folder = tmp_path / "model"
    if case == "empty":
        folder.mkdir()
    elif case != "absent":
        shutil.copytree(bert_dir, folder)
        if case == "no_weights":
            (folder / "model.safetensors").unlink()
        else:
            (folder / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BackendError) as err:
        CamelRecogniser(folder)
    message = str(err.value)
    assert "\n" not in message and str(folder) in message and "--model" in message
    assert err.value.state == ("missing" if case in ("absent", "empty") else "broken")
    assert status(folder).state == err.value.state


def test_camel_corrupt_weights_is_one_line(bert_dir, tmp_path):
    from newsx.entities.backends.camel import CamelRecogniser

    folder = tmp_path / "model"
    shutil.copytree(bert_dir, folder)
    (folder / "model.safetensors").write_bytes(b"\0" * 100)
    with pytest.raises(BackendError) as err:
        CamelRecogniser(folder)
    assert err.value.state == "broken" and "\n" not in str(err.value) and "could not load" in str(err.value)


# -- stanza ------------------------------------------------------------------


def test_stanza_tags_through_the_user_path(stanza_dir):
    from newsx.entities.backends.stanza_ner import StanzaRecogniser

    rec = StanzaRecogniser(stanza_dir)
    assert rec.name == "stanza"
    doc = _doc(TEXT)
    entities = rec(doc)
    assert _found(entities) == EXPECTED
    assert all(doc.text[e.start : e.end] == e.text and e.found_by == "stanza" for e in entities)
    tags = rec.tag([["وصل", "أحمد", "إلى", "بيروت", "أمس", "."]])
    assert tags == [["O", "S-PER", "O", "S-LOC", "O", "O"]]


def test_stanza_honours_env_and_resources_json(stanza_dir, tmp_path, monkeypatch):
    """STANZA_RESOURCES_DIR, a resources.json naming the default package and its
    pretrain (as stanza.download writes it), and a folder with none at all."""
    from newsx.entities.backends.stanza_ner import StanzaRecogniser, status

    folder = tmp_path / "res"
    shutil.copytree(stanza_dir, folder)
    (folder / "ar" / "ner" / "tiny.pt").rename(folder / "ar" / "ner" / "mine.pt")
    shutil.copy(folder / "ar" / "ner" / "mine.pt", folder / "ar" / "ner" / "another.pt")
    resources = {"ar": {"lang_name": "Arabic", "default_processors": {"ner": "mine"},
                        "ner": {"mine": {"dependencies": [{"model": "pretrain", "package": "tiny"}]}}}}
    (folder / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(folder))
    assert status().state == "ready"
    rec = StanzaRecogniser(None)
    assert rec.files["ner"].name == "mine.pt"
    assert _found(rec(_doc(TEXT))) == EXPECTED
    (folder / "resources.json").unlink()
    assert "no resources.json" in status().detail
    assert _found(StanzaRecogniser(None)(_doc(TEXT))) == EXPECTED


@pytest.mark.parametrize("case", ["absent", "no_ner", "bad_resources", "missing_pretrain", "corrupt_model"])
def test_stanza_missing_or_broken_is_one_line(case, stanza_dir, tmp_path):
    from newsx.entities.backends.stanza_ner import StanzaRecogniser, status

    folder = tmp_path / "res"
    if case != "absent":
        shutil.copytree(stanza_dir, folder)
    if case == "no_ner":
        shutil.rmtree(folder / "ar" / "ner")
    elif case == "bad_resources":
        (folder / "resources.json").write_text("[", encoding="utf-8")
    elif case == "missing_pretrain":
        (folder / "ar" / "pretrain" / "tiny.pt").unlink()
    elif case == "corrupt_model":
        (folder / "ar" / "ner" / "tiny.pt").write_bytes(b"not a model")
    with pytest.raises(BackendError) as err:
        StanzaRecogniser(folder)
    message = str(err.value)
    assert "\n" not in message and str(folder) in message and "--model-dir" in message
    assert err.value.state == ("missing" if case in ("absent", "no_ner") else "broken")
    if case != "missing_pretrain" and case != "corrupt_model":
        assert status(folder).state == err.value.state


# -- info --------------------------------------------------------------------


def test_status_all(bert_dir, stanza_dir, tmp_path):
    states = {s.name: s for s in status_all({"camel": bert_dir, "stanza": stanza_dir})}
    assert states["camel"].state == "ready" and states["stanza"].state == "ready"
    assert states["camel"].location == str(bert_dir)
    missing = status_all({"camel": tmp_path / "none", "stanza": tmp_path / "none"})
    assert [(s.name, s.state) for s in missing] == [("camel", "missing"), ("stanza", "missing")]
    assert all(str(tmp_path / "none") in s.detail for s in missing)


def test_importing_backends_loads_no_heavy_library():
    code = (
        "import sys, newsx.entities.backends, newsx.entities.backends.camel, newsx.entities.backends.stanza_ner; "
        "newsx.entities.backends.status_all(None); "
        "print([m for m in ('torch', 'transformers', 'stanza', 'camel_tools.ner') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
