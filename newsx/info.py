"""What ``newsx info`` reports: version, recognisers and their state, and every
shipped data file with its licence (from ``data/MANIFEST.tsv``)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from newsx import __version__
from newsx.resources import DATA_DIR, read_tsv


@dataclass
class DataFile:
    path: str
    size: int
    licence: str
    source: str


def data_files() -> list[DataFile]:
    """Every shipped data file, with the licence the manifest gives it."""
    manifest = {row["path"]: row for row in read_tsv("MANIFEST.tsv")}
    out = []
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_dir() or path.name.startswith(".") or path.suffix == ".pyc" or path.name == "MANIFEST.tsv":
            continue
        rel = path.relative_to(DATA_DIR).as_posix()
        row = manifest.get(rel, {})
        out.append(DataFile(rel, path.stat().st_size, row.get("licence", "UNLISTED"), row.get("source", "")))
    return out


def recogniser_states() -> list[dict[str, str]]:
    """State of each recogniser: ready, missing or broken, and why."""
    states = [{"name": "gazetteer", "state": "ready", "detail": "shipped gazetteer (newsx/data/gazetteer)"}]
    model_dir = DATA_DIR / "ner"
    own = [("crf", model_dir, "model.crfsuite"), ("neural", model_dir / "neural", "tagger.onnx")]
    for name, folder, main_file in reversed(own):
        if (folder / main_file).is_file():
            states.insert(0, {"name": name, "state": "ready", "detail": f"shipped model in {folder}"})
        else:
            states.insert(0, {"name": name, "state": "missing", "detail": f"no {main_file} in {folder}"})
    from newsx.entities.recognise import DEFAULT_OWN

    states.insert(0, {"name": "model", "state": "ready", "detail": f"newsx's own default: {DEFAULT_OWN}"})
    try:
        from newsx.entities.backends import status_all
    except ImportError:
        return states
    for st in status_all(None):
        states.append({"name": st.name, "state": st.state, "detail": st.detail})
    return states


def collect_info() -> dict[str, Any]:
    return {
        "version": __version__,
        "python": sys.version.split()[0],
        "recognisers": recogniser_states(),
        "data": [f.__dict__ for f in data_files()],
    }


def print_info(info: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]newsx {info['version']}[/] (Python {info['python']})")
    rec = Table("recogniser", "state", "detail", title="Recognisers and backends", title_justify="left")
    colours = {"ready": "green", "missing": "yellow", "broken": "red"}
    for r in info["recognisers"]:
        rec.add_row(r["name"], f"[{colours.get(r['state'], 'white')}]{r['state']}[/]", r["detail"])
    console.print(rec)
    data = Table("file", "size", "licence", "source", title="Shipped data", title_justify="left")
    for f in info["data"]:
        data.add_row(f["path"], f"{f['size']:,}", f["licence"], f["source"])
    console.print(data)
