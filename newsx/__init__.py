"""newsx: people, places, organisations and events from Arabic news, offline.

    >>> import newsx
    >>> doc = newsx.extract("أعلن الكرملين أن الرئيس الروسي فلاديمير بوتين ...")
    >>> [(e.text, e.type) for e in doc.entities]
"""

__version__ = "0.1.0"

from newsx.text.document import Document, Entity, Sentence, Token  # noqa: E402
from newsx.pipeline import Pipeline, extract  # noqa: E402

__all__ = ["Document", "Entity", "Sentence", "Token", "Pipeline", "extract", "render_html", "__version__"]


def __getattr__(name: str):
    """``render_html`` on first use, so importing newsx does not load Jinja2."""
    if name == "render_html":
        from newsx.io.html import render_html

        return render_html
    raise AttributeError(f"module 'newsx' has no attribute {name!r}")
