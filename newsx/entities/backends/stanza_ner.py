"""stanza NER backend: an Arabic stanza NER model from a local resources folder.

The folder has stanza's layout (``ar/ner/*.pt``, ``ar/pretrain/*.pt``,
``ar/forward_charlm/*.pt``, ``ar/backward_charlm/*.pt``, ``resources.json``), as
``stanza.download("ar", model_dir=DIR)`` leaves it or as a hand-made model is
put there. The model files are resolved here (from ``resources.json`` when it
names them, else from the folder) and handed to stanza as explicit paths, so
a hand-made model with an empty ``{}`` resources.json works too
(``allow_unknown_language``); a folder with no resources.json gets a newsx stub,
and ``download_method=None`` means stanza never fetches anything.

newsx tokens go in pre-tokenised (no stanza tokenizer or MWT model is needed),
so the BIOES tags come back one per newsx token. stanza's CRF decoder gives no
probabilities: entities carry score 1.0.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from newsx.entities.backends import BackendError, BackendStatus, first_line, require_package
from newsx.entities.backends.tags import sentence_entities
from newsx.text.document import Document, Entity

NAME = "stanza"
LANG = "ar"
DEPENDENCIES = ("pretrain", "forward_charlm", "backward_charlm")
PREFERRED_NER = "aqmar_charlm"  # stanza's default Arabic NER package
HOW = (
    "put a stanza resources folder there (ar/ner/<model>.pt with its ar/pretrain and charlm files, and "
    "resources.json), e.g. made elsewhere with stanza.download('ar', model_dir=DIR, processors='tokenize,mwt,ner'), "
    "and pass --model-dir DIR or set STANZA_RESOURCES_DIR"
)


def locate(model_dir: Path | str | None) -> tuple[Path, str]:
    """The resources folder and where that choice came from (for messages)."""
    if model_dir is not None:
        return Path(model_dir).expanduser(), "--model-dir"
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser(), "STANZA_RESOURCES_DIR"
    return Path.home() / "stanza_resources", "the stanza default folder"


def _read_resources(path: Path, where: str) -> dict[str, Any] | None:
    """resources.json as a dict; None when the folder has none."""
    file = path / "resources.json"
    if not file.is_file():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackendError(NAME, "broken", f"unreadable resources.json {where} ({first_line(exc)}); {HOW}", path) from None
    if not isinstance(data, dict):
        raise BackendError(NAME, "broken", f"resources.json {where} is not a JSON object; {HOW}", path)
    return data


def _pick(folder: Path, preferred: str | None) -> Path | None:
    """``folder/preferred.pt`` if present, else the only (or first) .pt there."""
    if preferred and (folder / f"{preferred}.pt").is_file():
        return folder / f"{preferred}.pt"
    found = sorted(folder.glob("*.pt")) if folder.is_dir() else []
    return found[0] if found else None


def plan(path: Path, origin: str) -> dict[str, Any]:
    """Explicit file paths for stanza's NER processor; raise BackendError when
    the folder cannot give them."""
    where = f"in {path} ({origin})"
    if not path.is_dir():
        raise BackendError(NAME, "missing", f"no stanza resources folder {where}; {HOW}", path)
    resources = _read_resources(path, where)
    lang = (resources or {}).get(LANG, {})
    lang = lang if isinstance(lang, dict) else {}
    package = (lang.get("default_processors") or {}).get("ner") or PREFERRED_NER
    ner = _pick(path / LANG / "ner", package)
    if ner is None:
        raise BackendError(NAME, "missing", f"no Arabic NER model ({LANG}/ner/*.pt) {where}; {HOW}", path)
    declared = {}
    for dep in ((lang.get("ner") or {}).get(ner.stem) or {}).get("dependencies") or []:
        if isinstance(dep, dict) and dep.get("model") in DEPENDENCIES:
            declared[dep["model"]] = dep.get("package")
    files: dict[str, Any] = {"ner": ner}
    for kind in DEPENDENCIES:
        folder = path / LANG / kind
        if kind in declared and not (folder / f"{declared[kind]}.pt").is_file():
            raise BackendError(
                NAME, "broken", f"resources.json {where} names {LANG}/{kind}/{declared[kind]}.pt, which is missing; {HOW}", path
            )
        files[kind] = _pick(folder, declared.get(kind))
    files["resources"] = path / "resources.json" if resources is not None else None
    return files


def status(model_dir: Path | str | None = None) -> BackendStatus:
    """Ready / missing / broken, from the files alone (no model is loaded)."""
    path, origin = locate(model_dir)
    try:
        require_package(NAME, "stanza", "stanza")
        files = plan(path, origin)
    except BackendError as exc:
        return exc.status()
    parts = [f"ner {files['ner'].name}"] + [f"{k} {files[k].name}" for k in DEPENDENCIES if files[k]]
    if files["resources"] is None:
        parts.append("no resources.json (newsx supplies {})")
    return BackendStatus(NAME, "ready", ", ".join(parts), str(path))


def _stub_resources() -> Path:
    """An empty resources.json for folders that have none (never written into
    the user's folder)."""
    folder = Path(tempfile.gettempdir()) / "newsx"
    folder.mkdir(parents=True, exist_ok=True)
    stub = folder / "stanza_resources.json"
    if not stub.is_file():
        stub.write_text("{}", encoding="utf-8")
    return stub


class StanzaRecogniser:
    """newsx recogniser over an Arabic stanza NER model in a local folder."""

    name = NAME

    def __init__(self, model_dir: Path | None = None) -> None:
        require_package(NAME, "stanza", "stanza")
        self.path, origin = locate(model_dir)
        files = plan(self.path, origin)
        self.files = files
        try:
            import stanza

            self.pipeline = stanza.Pipeline(
                lang=LANG,
                dir=str(self.path),
                processors="tokenize,ner",
                tokenize_pretokenized=True,
                ner_model_path=str(files["ner"]),
                ner_pretrain_path=str(files["pretrain"] or ""),
                ner_forward_charlm_path=str(files["forward_charlm"] or ""),
                ner_backward_charlm_path=str(files["backward_charlm"] or ""),
                resources_filepath=str(files["resources"] or _stub_resources()),
                download_method=None,
                allow_unknown_language=True,
                device="cpu",
                logging_level="ERROR",
            )
        except Exception as exc:
            raise BackendError(
                NAME, "broken", f"could not load {files['ner']} ({first_line(exc)}); {HOW}", self.path
            ) from None
        trained_with = self.pipeline.processors["ner"].trainers[0].args
        if trained_with.get("pretrain") and files["pretrain"] is None:
            # stanza would run on silently without the word vectors the model was trained with
            raise BackendError(
                NAME, "broken",
                f"{files['ner'].name} needs its word-vector file but {self.path / LANG / 'pretrain'} has none; {HOW}",
                self.path,
            )

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIOES tag per word of each sentence."""
        out = [["O"] * len(words) for words in sentences]
        kept = [s for s, words in enumerate(sentences) if words]
        if not kept:
            return out
        result = self.pipeline([sentences[s] for s in kept])
        for s, sent in zip(kept, result.sentences):
            out[s] = [token.ner or "O" for token in sent.tokens]
        return out

    def __call__(self, doc: Document) -> list[Entity]:
        sentences = [doc.token_texts(s.token_start, s.token_end) for s in doc.sentences]
        entities: list[Entity] = []
        for k, tags in enumerate(self.tag(sentences)):
            entities.extend(sentence_entities(doc, k, tags, None, self.name))
        return entities
