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
    """State of each registered recogniser (``newsx.entities.recognise.RECOGNISERS``):
    ready, missing or broken, and why."""
    from newsx.entities.recognise import RECOGNISERS

    model_dir = DATA_DIR / "ner"
    from newsx.entities.recognise import DEFAULT_OWN

    own = {"crf": (model_dir, "model.crfsuite"), "neural": (model_dir / "neural", "tagger.onnx")}
    states = {name: ("ready", f"shipped model in {folder}") if (folder / main).is_file()
              else ("missing", f"no {main} in {folder}") for name, (folder, main) in own.items()}
    states["model"] = ("ready", f"newsx's own default: {DEFAULT_OWN}")
    states["gazetteer"] = ("ready", "shipped gazetteer (newsx/data/gazetteer)")
    try:
        from newsx.entities.backends import status_all
    except ImportError:
        status_all = None
    if status_all is not None:
        states.update((st.name, (st.state, st.detail)) for st in status_all(None))
    return [{"name": name, "state": states[name][0], "detail": states[name][1]} for name in RECOGNISERS if name in states]


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
