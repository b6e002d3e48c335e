"""Event types as data: the PLOVER types and the properties the rules read.

``newsx/data/events/types.tsv`` holds one row per type; a rule asks for a
property (``types.get("ASSAULT").violent``) or for every type that has one
(``types.having("violent")``), never for a list of type names. Adding an event
type is a row there plus, at most, one predicate (its ``sense`` check).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsx.resources import read_tsv


@dataclass(frozen=True)
class EventType:
    name: str
    cameo: str
    quad_class: int
    violent: bool
    symmetric: bool
    done_to: bool
    sport_blocked: bool
    arguments: str  # an argument policy (protest, request, attack) or ""
    sense: str  # a sense predicate's name (newsx.events.senses) or ""
    modes: str  # a lexicon list giving the PLOVER mode from nearby words, or ""


_FLAGS = ("violent", "symmetric", "done_to", "sport_blocked")
_NONE = EventType("", "", 0, False, False, False, False, "", "", "")


@lru_cache(maxsize=1)
def _types() -> dict[str, EventType]:
    out = {}
    for row in read_tsv("events/types.tsv"):
        flags = {f: row[f] == "yes" for f in _FLAGS}
        out[row["type"]] = EventType(row["type"], row["cameo"], int(row["quad_class"]), **flags,
                                     arguments=row["arguments"], sense=row["sense"], modes=row["modes"])
    return out


def get(name: str) -> EventType:
    """A type's properties (a type the table does not list has none)."""
    return _types().get(name, _NONE)


def having(flag: str) -> frozenset[str]:
    """The names of the types with a property set (``violent``, ``sport_blocked`` ...)."""
    return frozenset(t.name for t in _types().values() if getattr(t, flag))


def of_cameo(code: str) -> EventType:
    """The type whose CAMEO root is the longest prefix of ``code`` (111 -> ACCUSE)."""
    return max((t for t in _types().values() if code.startswith(t.cameo)), key=lambda t: len(t.cameo), default=_NONE)


def names() -> list[str]:
    return list(_types())
