"""The HTML view: the page's text is exactly the article's, every entity and
trigger is marked, untrusted text never becomes markup; and, in headless
Chromium, the page runs without console errors, its marks are in the DOM,
clicking an event row lights its trigger and nothing from the input executes."""

from __future__ import annotations

import dataclasses
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import newsx
from newsx.io.marks import Close, Open, Span, nest
from newsx.events.record import Span as EventSpan
from newsx.text.document import Document

from .conftest import SEED, run_cli

HOSTILE = (
    "دمشق - <b>نورا</b> خوام\n"
    "أعلن الكرملين <script>window.__pwned = 1</script> أن الرئيس الروسي فلاديمير بوتين أجرى محادثات هاتفية"
    " مع نظيره الفرنسي إيمانويل ماكرون في باريس.\n"
    "</script><img src=x onerror=\"window.__pwned = 2\"> \"'><svg onload=window.__pwned=3> {{ 7*7 }} &amp; &lt;"
    " <!-- ]]> </textarea> <style>body{display:none}</style><a href=\"javascript:window.__pwned=4\">x</a>\n"
    "وقال \u202eبوتين\u202c إن \u2067روسيا\u2069 و\u200fفرنسا اتفقتا على مواصلة التنسيق في سورية.\n"
)
BIDI = ("\u202e", "\u202c", "\u2067", "\u2069")


class Page(HTMLParser):
    """What a reader of the page gets: the article text as the browser would
    show it, the marks inside it, and every element of the page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[dict[str, str | None]] = []
        self.chunks: list[str] = []
        self.depth: int | None = None
        self.feed(html)
        self.close()

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if self.depth is not None:
            self.depth += 1
            self.marks.append({"tag": tag, **a})
        elif tag == "div" and a.get("class") == "text":
            self.depth = 0

    def handle_endtag(self, tag: str) -> None:
        if self.depth is not None:
            self.depth = None if self.depth == 0 else self.depth - 1

    def handle_data(self, data: str) -> None:
        if self.depth is not None:
            self.chunks.append(data)

    def count(self, cls: str, key: str) -> int:
        """Distinct ``key`` values of marks with class ``cls`` (a cut span is one mark)."""
        return len({m[key] for m in self.marks if cls in (m.get("class") or "").split()})


def trigger_spans(doc: Document) -> set[tuple[int, int]]:
    return {(ev.trigger.start, ev.trigger.end) for ev in doc.events}


def tile(doc: Document, copies: int) -> Document:
    """``copies`` of a processed article, one after another, with every layer
    moved to its copy's offsets: a long article at the seed's real density,
    without spending a minute in the pipeline."""
    sep = "\n\n"
    step = len(doc.text) + len(sep)
    big = Document(sep.join([doc.text] * copies), id="big", source="tiled", meta=doc.meta)
    for k in range(copies):
        shift = k * step
        big.sentences += [dataclasses.replace(s, start=s.start + shift, end=s.end + shift) for s in doc.sentences]
        big.token_starts.extend(x + shift for x in doc.token_starts)
        big.token_ends.extend(x + shift for x in doc.token_ends)
        moved = {id(e): dataclasses.replace(e, start=e.start + shift, end=e.end + shift) for e in doc.entities}
        big.entities += moved.values()
        for actor in doc.actors:  # one actor across copies, as a long article names it again and again
            if k == 0:
                big.actors.append(dataclasses.replace(actor, mentions=[]))
            big.actors[doc.actors.index(actor)].mentions += [
                dataclasses.replace(m, start=m.start + shift, end=m.end + shift,
                                    entity=moved.get(id(m.entity))) for m in actor.mentions]
        for ev in doc.events:
            moved_spans = {f.name: dataclasses.replace(val, start=val.start + shift, end=val.end + shift)
                           for f in dataclasses.fields(ev) if isinstance(val := getattr(ev, f.name), EventSpan)}
            big.events.append(dataclasses.replace(ev, **moved_spans))
    return big


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return newsx.extract(SEED.read_text(encoding="utf-8"), id="seed")


@pytest.fixture(scope="module")
def hostile_doc() -> Document:
    return newsx.extract(HOSTILE, id="<script>window.__pwned=5</script>")


# -- layout -------------------------------------------------------------------
def test_nest_cuts_crossing_spans_and_keeps_the_text() -> None:
    text = "أعلن الرئيس الروسي فلاديمير بوتين"
    spans = [Span(0, 18, 0, "s"), Span(5, 33, 1, "a"), Span(19, 33, 3, "e"), Span(12, 18, 2, "m")]
    events = list(nest(text, spans))
    assert "".join(x for x in events if isinstance(x, str)) == text
    stack: list[str] = []
    for x in events:
        if isinstance(x, Open):
            stack.append(x.tag)
        elif isinstance(x, Close):
            assert stack.pop() == x.tag
    assert not stack
    pieces = [x for x in events if isinstance(x, Open) and x.tag == "a"]
    assert [p.last for p in pieces] == [False, True]  # the argument crossed the sentence's end


# -- the page, parsed ---------------------------------------------------------
def test_seed_page_shows_the_text_and_every_mark(seed_doc: Document) -> None:
    html = newsx.render_html(seed_doc)
    page = Page(html)
    assert page.text == seed_doc.text
    assert page.count("ent", "data-e") == len(seed_doc.entities) > 40
    assert page.count("trg", "data-g") == len(trigger_spans(seed_doc)) > 10
    assert sum(1 for tag, a in page.elements if tag == "tr" and a.get("class") == "ev") == len(seed_doc.events)
    assert sum(1 for tag, a in page.elements if tag == "tr" and a.get("class") == "actor") == len(seed_doc.actors)
    root = next(a for tag, a in page.elements if tag == "html")
    assert root == {"lang": "ar", "dir": "rtl"}
    putin = next(e for e in seed_doc.entities if e.canonical == "Vladimir Putin")
    mark = next(m for m in page.marks if m.get("data-e") == str(seed_doc.entities.index(putin)))
    assert mark["title"] == "Vladimir Putin · RUSGOV · PER"
    assert "http://" not in html and "https://" not in html  # nothing to fetch


def test_hostile_text_stays_text(hostile_doc: Document) -> None:
    html = newsx.render_html(hostile_doc)
    page = Page(html)
    assert page.text == HOSTILE
    assert [tag for tag, _ in page.elements if tag in ("script", "img", "svg", "style", "a", "textarea")] \
        == ["style", "script"]  # the page's own
    assert "&lt;script&gt;window." in html and "&lt;/script&gt;&lt;img src=x" in html
    assert page.count("bidi", "data-cp") == 4
    assert {m["data-cp"] for m in page.marks if m.get("class") == "bidi"} == {"U+202E", "U+202C", "U+2067", "U+2069"}
    assert page.count("ent", "data-e") == len(hostile_doc.entities) >= 5


def test_render_html_takes_several_documents(seed_doc: Document, hostile_doc: Document) -> None:
    page = Page(newsx.render_html([seed_doc, hostile_doc]))
    assert [a["data-doc"] for tag, a in page.elements if tag == "article"] == ["1", "2"]


# -- the command line ---------------------------------------------------------
def test_cli_writes_a_page(tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    proc = run_cli("extract", str(SEED), "-o", str(out), "-q")  # the format follows the extension
    assert proc.returncode == 0, proc.stderr
    page = Page(out.read_text(encoding="utf-8"))
    assert page.text == SEED.read_text(encoding="utf-8")
    assert page.count("ent", "data-e") > 40


def test_cli_folder_gives_pages_and_an_index(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "sub" / "b.txt").write_text(HOSTILE, encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    out.mkdir()
    proc = run_cli("extract", str(src), "-f", "html", "-o", str(out), "-q")
    assert proc.returncode == 1  # the binary file failed; the good ones are written
    assert "bad.txt" in proc.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "a.html", "bad.html", "index.html", "sub/b.html"]
    assert Page((out / "sub" / "b.html").read_text(encoding="utf-8")).text == HOSTILE
    links = [a["href"] for tag, a in Page((out / "index.html").read_text(encoding="utf-8")).elements if tag == "a"]
    assert sorted(links) == ["a.html", "bad.html", "sub/b.html"]


# -- in a real browser --------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by selenium; skipped, saying why, without it."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("no headless browser: needs Debian's chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver; .ci/run installs them)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium missing: pip install -e '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def open_page(driver, path: Path, doc: Document | list[Document]) -> list[dict]:
    """Load ``doc``'s page from a file; the console's warnings and errors."""
    path.write_text(newsx.render_html(doc), encoding="utf-8")
    driver.get(path.as_uri())
    return [e for e in driver.get_log("browser") if e["level"] in ("WARNING", "SEVERE")]


def dom_count(driver, selector: str, key: str) -> int:
    return driver.execute_script(
        "return new Set(Array.from(document.querySelectorAll(arguments[0]), e => e.getAttribute(arguments[1]))).size",
        selector, key)


def test_browser_seed_marks_and_event_click(browser, seed_doc: Document, tmp_path: Path) -> None:
    assert open_page(browser, tmp_path / "seed.html", seed_doc) == []
    assert dom_count(browser, ".text mark.ent", "data-e") == len(seed_doc.entities)
    assert dom_count(browser, ".text mark.trg", "data-g") == len(trigger_spans(seed_doc))
    assert dom_count(browser, "tr.ev", "data-ev") == len(seed_doc.events)
    k, event = next((k, ev) for k, ev in enumerate(seed_doc.events) if ev.source and ev.target)
    row = browser.find_element("css selector", f'tr.ev[data-ev="{k}"]')
    row.click()
    lit = browser.execute_script(
        "return Array.from(document.querySelectorAll('.text .trg.on, .text .on-source, .text .on-target'),"
        " e => [e.className, e.textContent])")
    assert ["trg on", event.trigger.text] in lit
    assert "".join(t for c, t in lit if "on-source" in c and "arg" in c) == event.source.text
    assert "".join(t for c, t in lit if "on-target" in c and "arg" in c) == event.target.text
    assert "on" in row.get_attribute("class").split()
    last = len(seed_doc.events) - 1  # a link to an event opens with it selected
    browser.execute_script(f"location.hash = '#event-1-{last}'")
    assert browser.execute_script("return document.querySelector('.text .trg.on').textContent") \
        == seed_doc.events[last].trigger.text


def test_browser_hover_lights_an_actors_mentions(browser, seed_doc: Document, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, tmp_path / "seed.html", seed_doc)
    kremlin = next(a for a in seed_doc.actors if a.canonical == "Kremlin")
    first = browser.find_element("css selector", f'mark.ent[data-a="{kremlin.id}"]')
    ActionChains(browser).move_to_element(first).perform()
    lit = browser.execute_script("return document.querySelectorAll('.text .hl').length")
    assert lit == len(kremlin.mentions) >= 3


def test_browser_hostile_input_does_not_run(browser, hostile_doc: Document, tmp_path: Path) -> None:
    assert open_page(browser, tmp_path / "hostile.html", hostile_doc) == []
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script("return document.querySelector('.text').textContent") == HOSTILE
    assert browser.execute_script("return getComputedStyle(document.body).display") != "none"
    assert dom_count(browser, ".text mark.ent", "data-e") == len(hostile_doc.entities)


@pytest.mark.slow
def test_browser_two_megabyte_article(browser, seed_doc: Document, tmp_path: Path) -> None:
    copies = 2_000_000 // len(SEED.read_bytes()) + 1
    big = tile(seed_doc, copies)
    assert len(big.text.encode("utf-8")) > 2_000_000
    assert open_page(browser, tmp_path / "big.html", big) == []
    assert dom_count(browser, ".text mark.ent", "data-e") == len(big.entities)
    assert dom_count(browser, ".text mark.trg", "data-g") == len(trigger_spans(big))
    last = len(big.events) - 1
    browser.find_element("css selector", f'tr.ev[data-ev="{last}"]').click()
    assert browser.execute_script("return document.querySelector('.trg.on').textContent") \
        == big.events[last].trigger.text
    assert browser.execute_script("return document.querySelector('.text').textContent.length") == len(big.text)
