"""An HTML view of processed documents: the article with its entities, actor
mentions and event triggers marked, an events table and an actors panel.

Pages are self-contained (inline CSS and script, nothing fetched) and rendered
with Jinja2 templates under autoescaping: article text is untrusted, so it only
ever reaches the page as escaped text or attribute values, and the page's
Content-Security-Policy allows no script or style but its own (by hash).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable, TextIO

from newsx import __version__
from newsx.io.marks import Close, Open, Span, nest
from newsx.io.write import Writer
from newsx.names import ENTITY_TYPES
from newsx.text.document import DEFAULT_SEVERITY, Document

ARGUMENT_ROLES = ("source", "target", "location", "date")
# embeddings, overrides and isolates: each is shut inside its own isolated
# element, so one in an article cannot reorder the page around it
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# outer first when extents are equal: a sentence holds an argument, which holds a
# description mention, which holds a name, which holds a trigger
RANK = {"para": 0, "sent": 1, "arg": 2, "men": 3, "ent": 4, "trg": 5, "bidi": 6}
LINE = re.compile(r"[^\n]*\n|[^\n]+$")


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsx.io", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.tests["open"] = lambda x: isinstance(x, Open)
    env.tests["close"] = lambda x: isinstance(x, Close)
    return env


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """The page's own style and script, and the CSP hashes that allow exactly them."""
    folder = files("newsx.io") / "templates"
    css = (folder / "page.css").read_text(encoding="utf-8")
    js = (folder / "page.js").read_text(encoding="utf-8")

    def digest(s: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii")

    return {"css": css, "js": js, "csp": f"default-src 'none'; style-src '{digest(css)}'; "
                                          f"script-src '{digest(js)}'; img-src data:; form-action 'none'"}


def _hover(canonical: str | None, code: str | None, kind: str) -> str:
    return " · ".join(x for x in (canonical, code, kind) if x)


def _spans(doc: Document, events: list[dict[str, Any]]) -> list[Span]:
    """Every layer of ``doc`` as spans: lines, sentences, event arguments, actor
    mentions that are not names, entities, triggers and bidi controls. Each line
    is its own block so a browser lays out a long article a paragraph at a time."""
    spans = [Span(m.start(), m.end(), RANK["para"], "div", {"class": "para"}) for m in LINE.finditer(doc.text)]
    spans += [Span(s.start, s.end, RANK["sent"], "span", {"class": "sent", "data-s": i})
              for i, s in enumerate(doc.sentences)]
    for k, ent in enumerate(doc.entities):
        attrs = ent.attrs
        spans.append(Span(ent.start, ent.end, RANK["ent"], "mark", {
            "class": f"ent t-{ent.type}", "data-e": k, "data-t": ent.type, "data-a": attrs.get("cluster"),
            "title": _hover(ent.canonical, attrs.get("code"), ent.type)}))
    for actor in doc.actors:
        for m in actor.mentions:
            if m.entity is None:
                spans.append(Span(m.start, m.end, RANK["men"], "span", {
                    "class": "men", "data-a": actor.id,
                    "title": _hover(actor.canonical, actor.code, f"{actor.type} {m.kind}")}))
    triggers: dict[tuple[int, int], list[int]] = {}
    arguments: dict[tuple[int, int], list[int]] = {}
    for k, ev in enumerate(events):
        triggers.setdefault((ev["trigger"]["start"], ev["trigger"]["end"]), []).append(k)
        for role in ARGUMENT_ROLES:
            if ev.get(role):
                arguments.setdefault((ev[role]["start"], ev[role]["end"]), []).append(k)
    for g, ((start, end), ks) in enumerate(triggers.items()):
        kinds = " ".join(dict.fromkeys(events[k]["type"] for k in ks))
        spans.append(Span(start, end, RANK["trg"], "mark", {
            "class": "trg", "data-g": f"t{g}", "data-ev": " ".join(str(k) for k in ks), "data-t": kinds,
            "title": kinds}))
    for g, (start, end) in enumerate(arguments):
        spans.append(Span(start, end, RANK["arg"], "span", {"class": "arg", "data-g": f"a{g}"}))
    for match in BIDI_CONTROLS.finditer(doc.text):
        spans.append(Span(match.start(), match.end(), RANK["bidi"], "span", {
            "class": "bidi", "data-cp": f"U+{ord(match.group()):04X}"}))
    _number_groups(events, triggers, arguments)
    return spans


def _number_groups(events: list[dict[str, Any]], triggers: dict[tuple[int, int], list[int]],
                   arguments: dict[tuple[int, int], list[int]]) -> None:
    """Give each event row the marks it lights up: ``t3 a7:source a9:date``."""
    trigger_group = {key: g for g, key in enumerate(triggers)}
    argument_group = {key: g for g, key in enumerate(arguments)}
    for ev in events:
        parts = [f"t{trigger_group[ev['trigger']['start'], ev['trigger']['end']]}"]
        parts += [f"a{argument_group[ev[role]['start'], ev[role]['end']]}:{role}"
                  for role in ARGUMENT_ROLES if ev.get(role)]
        ev["marks"] = " ".join(parts)


def _status(ev: dict[str, Any]) -> str:
    """Negation, modality and whether the event is reported or only mentioned, in words."""
    parts = ["negated"] if ev.get("negated") else []
    if ev.get("modality") and ev["modality"] != "asserted":
        parts.append(ev["modality"])
    parts.append("reported" if ev.get("reported", True) else "mentioned only")
    return ", ".join(parts)


def _actor_rows(doc: Document) -> list[dict[str, Any]]:
    rows = []
    for actor in doc.actors:
        forms = Counter(m.text for m in actor.mentions)
        rows.append({"id": actor.id, "canonical": actor.canonical, "written": forms.most_common(1)[0][0],
                     "code": actor.code, "country": actor.country, "role": actor.role,
                     "type": actor.type + ("*" if actor.generic else ""), "mentions": len(actor.mentions)})
    rows.sort(key=lambda r: (-r["mentions"], r["id"]))
    return rows


def document_view(doc: Document, number: int = 1) -> dict[str, Any]:
    """What the article template shows for one document."""
    events = [ev.to_record() for ev in doc.events]
    body = list(nest(doc.text, _spans(doc, events)))
    for ev in events:
        ev["status"] = _status(ev)
    by_type = Counter(e.type for e in doc.entities)
    dateline = doc.dateline.to_record() if doc.dateline else {}
    return {
        "number": number, "id": doc.id or doc.source or "document", "source": doc.source,
        "date": doc.date.isoformat() if isinstance(doc.date, dt.date) else None,
        "place": (dateline.get("place") or {}).get("text"), "author": (dateline.get("author") or {}).get("text"),
        "counts": {"chars": len(doc.text), "sentences": len(doc.sentences), "tokens": len(doc),
                   "entities": len(doc.entities), "actors": len(doc.actors), "events": len(events)},
        "by_type": [(t, by_type[t]) for t in ENTITY_TYPES if by_type[t]],
        "body": body, "events": events, "actors": _actor_rows(doc),
        "errors": [{**err, "severity": err.get("severity", DEFAULT_SEVERITY)} for err in doc.errors],
    }


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(
        version=__version__, types=ENTITY_TYPES, roles=ARGUMENT_ROLES, **_assets(), **context)


class HtmlWriter(Writer):
    """One page for every document written to the stream, streamed: the head
    with the first document, an ``<article>`` per document, the script at close."""

    def __init__(self, stream: TextIO, records: str = "documents") -> None:
        super().__init__(stream, records)
        self.count = 0

    def write(self, doc: Document) -> None:
        if self.count == 0:
            self.stream.write(_render("head.html.j2", title=doc.id or doc.source or "document"))
        self.count += 1
        self.stream.write(_render("article.html.j2", doc=document_view(doc, self.count)))

    def close(self) -> None:
        if self.count == 0:
            self.stream.write(_render("head.html.j2", title="no documents"))
        self.stream.write(_render("foot.html.j2"))
        super().close()


def render_html(docs: Document | Iterable[Document]) -> str:
    """One self-contained HTML page showing ``docs`` (a Document or several):
    for notebooks (``IPython.display.HTML(newsx.render_html(doc))``) and files."""
    buffer = io.StringIO()
    writer = HtmlWriter(buffer)
    for doc in [docs] if isinstance(docs, Document) else docs:
        writer.write(doc)
    writer.close()
    return buffer.getvalue()


class PageIndex:
    """``index.html`` for a folder of pages: one row per document, linking its page."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.rows: list[dict[str, Any]] = []

    def add(self, page: Path, doc: Document) -> None:
        self.rows.append({"href": page.relative_to(self.root).as_posix(), "id": doc.id or doc.source,
                          "source": doc.source, "date": doc.date.isoformat() if doc.date else None,
                          "entities": len(doc.entities), "actors": len(doc.actors), "events": len(doc.events),
                          "errors": len(doc.errors)})

    def write(self, stream: TextIO) -> None:
        stream.write(_render("head.html.j2", title=f"{len(self.rows)} documents"))
        stream.write(_render("index.html.j2", rows=self.rows))
        stream.write(_render("foot.html.j2"))
