"""No Arabic word is spelled in rule code (#11): word lists and grammar particles live in the
lexicon (newsx/data/lexicon, read through newsx.lang.ar.lexicon), where each list says its kind
and purpose, so a rule that spells a word hides it from the one place a reader looks.

Every module under newsx/ is parsed; a string constant holding an Arabic letter fails unless it
is a docstring or a ``help=`` text (prose for a person, where one example is fine), or its module
is allowed below.
"""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Modules whose job is the language itself: its letters, clitics and character tables.
LANGUAGE_MODULES = {
    "newsx/lang/ar/char_tables.py",  # the normaliser's folding table (generated)
    "newsx/lang/ar/clitics.py",  # the clitic letters: و ف, ب ل ك, ال, the future س, pronoun suffixes
    "newsx/lang/ar/letters.py",  # letters rules name by role (alef, tatweel), the script's ranges
    "newsx/lang/ar/normalise.py",  # folding rules
    "newsx/lang/ar/translit.py",  # the romanisation table
}

def _is_arabic_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") and unicodedata.name(ch, "").startswith("ARABIC")


def arabic_constants(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string constant in ``source`` holding an Arabic letter, docstrings
    and ``help=`` texts left out."""
    tree = ast.parse(source)
    prose: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                prose.add(id(first.value))
        elif isinstance(node, ast.keyword) and node.arg == "help":
            prose.update(id(n) for n in ast.walk(node.value))
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose
        and any(_is_arabic_letter(ch) for ch in node.value)
    )


def _modules() -> dict[str, list[tuple[int, str]]]:
    return {
        path.relative_to(ROOT).as_posix(): arabic_constants(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "newsx").rglob("*.py"))
    }


def test_no_arabic_in_rule_code() -> None:
    found = [
        f"{module}:{line}: {value!r}"
        for module, constants in _modules().items()
        if module not in LANGUAGE_MODULES
        for line, value in constants
    ]
    assert not found, "Arabic spelled in code; put the words in a lexicon list:\n" + "\n".join(found)


def test_checker_sees_words_and_spares_prose() -> None:
    source = '''
"""Module doc: في."""
import typer
x = ("في", "من")
def f(opt: str = typer.Option("", help="resolve أمس")) -> str:
    """Doc: من."""
    return "،" + "ال" + f"{opt}قبل"
'''
    assert [value for _, value in arabic_constants(source)] == ["في", "من", "ال", "قبل"]
