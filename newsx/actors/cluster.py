"""Actors: one item per real-world thing in a document.

Mentions are grouped into clusters: a full name and its surname (فلاديمير بوتين,
بوتين), spelling variants (إردوغان/أردوغان), gazetteer aliases (same canonical
name), and descriptions (الرئيس الروسي, نظيره الفرنسي) resolved to the named
person they stand for. Generic actors without a name (الجيش السوري,
المسلحين المتمركزين في إدلب) become actors of their own, coded from the agent
word and the nationality adjective. Each actor gets a canonical name (the
gazetteer's, or a romanisation), an ISO 3166-1 alpha-3 country, a CAMEO-style
role and the combined code (RUS + GOV = RUSGOV).

A surname joins a full name only when exactly one person in the document
carries it: two people sharing a surname stay apart without more evidence.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsx.lang.ar import lexicon as wordlists
from newsx.text.document import Document, Entity
from newsx.text.window import Window
from newsx.entities.gazetteer import Gazetteer
from newsx.lang.ar.clitics import ARTICLE, PRESENT_PREFIXES, conj_before_article, from_article, stem_offset
from newsx.lang.ar.normalise import fold_hamza_seats, normalise
from newsx.resources import read_tsv
from newsx.lang.ar.translit import romanise

ROLE_NAMES = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "CVL": "civilians",
    "IGO": "intergovernmental organisation", "BUS": "business", "MED": "media", "JUD": "judiciary",
    "COP": "police", "LEG": "legislature", "SPY": "intelligence", "EDU": "education", "HLH": "health",
    "REL": "religious", "UAF": "armed group", "PTY": "party", "LAB": "labour", "NGO": "NGO",
    "REF": "refugees", "ELI": "elites", "AGR": "agriculture", "ENV": "environment", "HRI": "human rights",
    "ACT": "activists", "CRM": "criminals", "SEP": "separatists", "INS": "insurgents", "RAD": "radicals",
}
_COUNTERPART = wordlists.norms("counterparts")
_BETWEEN = wordlists.word_for("particles", "between")
_LOCATIVE = wordlists.norms("locatives")
_STATIONED = wordlists.norms("stationed")
_IN = wordlists.word_for("particles", "in")
_FROM = wordlists.word_for("particles", "from")
# a generic agent led by, or drawn from, an actor with a country takes that country:
# السلطات العسكرية بقيادة الجنرال محمد ولد عبد العزيز, متظاهرون من انصار «حزب الله»
_LED_BY = wordlists.norms("led_by")
_RELATIVE_PRONOUNS = wordlists.norms("relative_pronouns")
_LEADS = tuple(sorted(wordlists.norms("lead_verbs")))
_DRAWN_FROM = wordlists.norms("drawn_from")


def split_code(code: str | None, countries: set[str]) -> tuple[str | None, str | None]:
    """(country, role) of a CAMEO-style code: RUSGOV -> (RUS, GOV), IGOUNO -> (None, IGO)."""
    if not code:
        return None, None
    if code[:3] in countries:
        return code[:3], (code[3:6] or None)
    return None, code[:3]


@dataclass
class Mention:
    start: int
    end: int
    text: str
    sentence: int
    kind: str  # name | description | title (bare) | agent | adjective
    entity: Entity | None = None
    country: str | None = None
    role: str | None = None
    place: dict[str, Any] | None = None
    title: tuple[str, ...] | None = None  # the title words of a description


@dataclass
class Actor:
    id: int
    type: str
    canonical: str | None = None
    country: str | None = None
    role: str | None = None
    code: str | None = None
    generic: bool = False
    is_country: bool = False  # a GPE that is a whole country (can act), not a city
    place: dict[str, Any] | None = None
    mentions: list[Mention] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "canonical": self.canonical, "country": self.country,
            "role": self.role, "code": self.code, "generic": self.generic, "place": self.place,
            "mentions": [
                {"text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence, "kind": m.kind}
                for m in self.mentions
            ],
        }


def _loose(norm: str) -> str:
    """Key that also folds hamza seats (ؤ ئ ء), for orthographic variants."""
    return fold_hamza_seats(norm)


_HEAD_ENDINGS = wordlists.words("head_endings")  # tried in file order
_NISBA_ENDINGS = tuple(wordlists.norms("nisba_endings"))
_COLLECTIVE_ENDINGS = tuple(wordlists.norms("collective_endings"))
_COMMAS = wordlists.norms("commas")


def _head(text: str) -> str:
    """The head noun of a generic actor, without article or number and gender
    endings: المسلحين and المسلحون share مسلح; مستوطني and المواطنين differ."""
    word = normalise(text.split()[0]) if text.split() else ""
    definite = from_article(word)
    if definite.startswith(ARTICLE) and len(definite) > 4:
        word = definite[2:]
    for suffix in _HEAD_ENDINGS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


# hardware and operations whose nationality names a military actor (صاروخ إسرائيلي)
_MILITARY_HEADS = frozenset(_head(w) for w in wordlists.words("military_heads"))


# parts of a country: with its nationality they name a place, not an actor (الجنوب التونسي)
_REGIONS = wordlists.norms("country_parts")
# fighters (UAF) who become rebels (REB) once an allegiance is named: مقاتلين أكراد, مقاتلين إسلاميين
_MILITANTS = frozenset(_head(normalise(w)) for w in wordlists.words("militants"))

_NOT_NISBA = wordlists.norms("not_nisba")


def is_nisba(norm: str) -> bool:
    """A relational adjective (إسلاميين, المحليين, السياسية)."""
    return (
        len(norm) > 4 and norm not in _NOT_NISBA and norm.endswith(_NISBA_ENDINGS)
        and (norm.startswith(ARTICLE) or norm[0] not in PRESENT_PREFIXES)  # not a verb: ترتدي, يمضي
    )


def _collective(norm: str) -> bool:
    """A group noun (المعارضة, الحكومة, المتظاهرين, الجيش): never in apposition
    to one person's name, unlike a singular agent (الناشط, المسؤول)."""
    return norm.endswith(_COLLECTIVE_ENDINGS) or _head(norm) in _MILITARY_HEADS | _GROUPS


_GROUPS = frozenset(_head(w) for w in wordlists.words("groups"))


# titles of a head of state or government: a description with one of these and
# a nationality may be resolved to the one such person in the article
_HEAD_TITLES = frozenset(tuple(_loose(normalise(w)) for w in phrase.split()) for phrase in wordlists.words("head_titles"))


def _name_key(text: str) -> tuple[str, ...]:
    return tuple(_loose(normalise(w)) for w in text.replace("#", " ").split())


class _Clusters:
    """Actors being built, each findable by the key that groups its mentions."""

    def __init__(self) -> None:
        self.actors: list[Actor] = []
        self.by_key: dict[tuple, Actor] = {}

    def get(self, type_: str, key: tuple) -> Actor:
        """The actor for ``key``, made on first use."""
        actor = self.by_key.get(key)
        if actor is None:
            actor = self.by_key[key] = Actor(len(self.actors) + 1, type_)
            self.actors.append(actor)
        return actor


class ActorBuilder:
    """Clusters a linked document's mentions into actors."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or Gazetteer.default()
        self.countries = {e.country for e in self.gaz.phrases.values() if e.country} | set(self.gaz.nationalities.values())
        countries = list(read_tsv("gazetteer/countries.tsv"))
        self.country_names = {row["canonical"] for row in countries}
        self.country_name_of = {row["alpha3"]: row["canonical"] for row in countries}

    def __call__(self, doc: Document) -> Document:
        clusters = _Clusters()
        self._cluster_names(doc, clusters)
        self._join_surnames(clusters)
        self._attach_descriptions(self._descriptions(doc), clusters)
        actors = clusters.actors
        for actor in actors:
            self._finish(doc, actor)
        actors.sort(key=lambda a: min(m.start for m in a.mentions))
        for new_id, actor in enumerate(actors, 1):
            actor.id = new_id
            actor.mentions.sort(key=lambda m: m.start)
            for m in actor.mentions:
                if m.entity is not None:
                    m.entity.attrs.update(cluster=actor.id, country=actor.country, role=actor.role, code=actor.code)
                    m.entity.canonical = actor.canonical
        doc.actors = actors
        return doc

    # -- clustering -------------------------------------------------------
    def _cluster_names(self, doc: Document, clusters: "_Clusters") -> None:
        """Named mentions: same canonical name, or same loose spelling. A
        one-word person name waits for ``_join_surnames`` (the gazetteer's
        alias بوش may not be the بوش this article means)."""
        for ent in doc.entities:
            words = _name_key(ent.text)
            agent = None if ent.canonical else self._agent_phrase(ent.text)
            if agent is not None:  # a recogniser's ORG that is an agent noun: الجيش السوري
                key: tuple = ("generic", "agent", agent[0], agent[1], _head(ent.text))
            elif ent.type == "PER" and len(words) == 1:
                key = ("single", words)
            elif ent.canonical:
                key = ("canon", ent.type, ent.canonical)
            else:
                key = ("name", ent.type, words)
            actor = clusters.get(ent.type, key)
            if agent is not None:
                actor.generic = True
                actor.mentions.append(Mention(ent.start, ent.end, ent.text, ent.sentence, "agent", ent, *agent))
            else:
                country, role = ent.attrs.get("country"), None
                if ent.type == "ORG" and not ent.attrs.get("code"):  # حزب الغد المصري: a party, of Egypt
                    country, role = self._org_head(ent.text, country)
                actor.mentions.append(Mention(ent.start, ent.end, ent.text, ent.sentence, "name", ent, country, role))

    def _join_surnames(self, clusters: "_Clusters") -> None:
        """A surname (or a family name written apart: لو دريان for لودريان)
        joins the one person whose full name ends with it; with two such
        people it stays apart and loses the alias' identity."""
        actors = clusters.actors
        full_names = {a.id: {n for m in a.mentions if len(n := _name_key(m.text)) > 1}
                      for a in actors if a.type == "PER"}
        for key, actor in list(clusters.by_key.items()):
            short = key[1] if key[0] == "single" else key[2] if key[0] == "name" and key[1] == "PER" else None
            if short is None or actor not in actors or len(short) > 2:
                continue
            compact = "".join(short)
            hosts = [a for a in actors if a is not actor and any(
                len(n) > len(short) and any("".join(n[-m:]) == compact for m in (1, 2)) for n in full_names.get(a.id, ())
            )]
            keep = {m.entity.canonical for m in hosts[0].mentions if m.entity} if len(hosts) == 1 else set()
            if hosts:
                for m in actor.mentions:  # the alias' gazetteer identity no longer holds
                    if m.entity is not None and m.entity.canonical not in keep:
                        m.entity.canonical = None
                        m.entity.attrs.pop("code", None)
            if len(hosts) == 1:
                hosts[0].mentions.extend(actor.mentions)
                actors.remove(actor)

    def _attach_descriptions(self, descriptions: list[tuple[Mention, Entity | None]], clusters: "_Clusters") -> None:
        """Descriptions join the name they stand beside, the actor an earlier
        apposition with the same words named, or the one head of state their
        country and role fit; a bare title (رئيس الوزراء) only the one person
        who bore it; free nationality adjectives their country; the rest become
        generic actors."""
        actors = clusters.actors
        described: dict[tuple[str, ...], Actor] = {}
        titled: dict[tuple[str, ...], Actor | None] = {}
        untitled: list[Mention] = []  # bare titles no person has borne yet
        for desc, following in descriptions:
            words = _name_key(desc.text)
            target = None
            if following is not None:
                target = next((a for a in actors if any(m.entity is following for m in a.mentions)), None)
                if target is not None and desc.kind == "description":
                    described.setdefault(words, target)
            if target is None and desc.kind == "description":
                target = described.get(words) or self._resolve(desc, actors)
            if desc.title and target is not None:
                titled[desc.title] = target if titled.get(desc.title, target) is target else None
            if desc.kind == "title":
                target = titled.get(desc.title or ())
                if target is None:
                    untitled.append(desc)
                    continue
            if target is None and desc.kind == "adjective" and desc.role is None:
                target = self._country_actor(desc.country, actors) or clusters.get("GPE", ("country", desc.country))
            if target is None:
                key = ("generic", desc.kind, desc.country, desc.role, _head(desc.text))
                target = clusters.get("PER" if desc.kind == "description" else "ORG", key)
                target.generic = True
            if target.generic:
                target.place = target.place or desc.place
            target.mentions.append(desc)
            target.country = target.country or desc.country
            target.role = target.role or desc.role
        for desc in untitled:  # the one person who bore it later, or an unnamed office holder
            target = titled.get(desc.title or ())
            if target is None:
                target = clusters.get("PER", ("generic", "title", desc.role, desc.title))
                target.generic, target.role = True, desc.role
            target.mentions.append(desc)

    # -- descriptions -----------------------------------------------------
    def _descriptions(self, doc: Document) -> list[tuple[Mention, Entity | None]]:
        """Title/agent phrases with their nationality, and the name each stands beside."""
        starts, ends, n_tokens = doc.token_starts, doc.token_ends, len(doc)
        ent_at: dict[int, Entity] = {}
        covered: set[int] = set()  # tokens inside an entity: not scanned for descriptions
        k = 0
        for ent in doc.entities:
            while k < n_tokens and ends[k] <= ent.start:
                k += 1
            ent_at[k] = ent
            j = k
            while j < n_tokens and starts[j] < ent.end:
                covered.add(j)
                j += 1
        # tokens that may open a description, each distinct word asked once: most open none
        opening = {norm for norm in set(doc.norms) if self.gaz.describes(norm) or norm in _COUNTERPART}
        marks = [i for i, norm in enumerate(doc.norms) if norm in opening and i not in covered]
        out: list[tuple[Mention, Entity | None]] = []
        for s_idx, sent in enumerate(doc.sentences):
            todo = marks[bisect_left(marks, sent.token_start) : bisect_left(marks, sent.token_end)]
            if not todo:
                continue
            w = Window(doc, s_idx)
            i = w.start  # the next token a description may start at
            for mark in todo:
                if mark < i:
                    continue  # inside the last description
                i = mark
                kind, hit = "description", self._phrase_at(self.gaz.titles, w, i)
                if hit is None and w[i] in _COUNTERPART:
                    hit = (i + 1, "GOV", 0)
                if hit is None:
                    kind, hit = "agent", self._phrase_at(self.gaz.agents, w, i)
                    if hit is not None and self._verb_reading(w, i, hit[0], ent_at):
                        hit = None  # طالب رئيس الحكومة بـ ...: "demanded", not a student
                if hit is None:
                    nat = self._nationality_at(w, i)
                    if nat and i > w.start and from_article(w[i - 1]) in _REGIONS:
                        i = nat[0]  # الجنوب التونسي, الساحل السوري: a part of the country, a place
                        continue
                    if nat:  # صاروخ إسرائيلي, الضربات الأميركية: the country acts
                        start = starts[i] + stem_offset(w.text(i), conj_before_article(w[i]))
                        end = ends[nat[0] - 1]
                        role = "MIL" if i > w.start and _head(w[i - 1]) in _MILITARY_HEADS else None
                        out.append((Mention(start, end, doc.text[start:end], s_idx, "adjective", None, nat[1], role),
                                    None))
                    i = nat[0] if nat else i + 1
                    continue
                j, role, plen = hit
                title_end = j
                # a listed phrase may carry its own nationality (العسكريين الروس)
                country = self.gaz.nationality_within(w.norms, w.local(i + 1), w.local(j))
                while j < w.end and j not in ent_at:
                    nat = self._nationality_at(w, j)
                    if nat:
                        j, country = nat[0], country or nat[1]
                    elif kind == "agent" and j == title_end and is_nisba(w[j]):
                        j += 1  # متشددين إسلاميين: the agent's one relational adjective
                    elif (kind == "agent" and j == title_end and j + 1 < w.end and not w[j - 1].startswith(ARTICLE)
                          and w[j].startswith(ARTICLE) and j + 1 not in ent_at
                          and self._nationality_at(w, j + 1)):
                        j += 1  # طلبة المدارس العراقية: a genitive, then the nationality of the whole
                    else:
                        break
                j, following = self._person_described(w, j, kind, ent_at)
                if following is not None and kind == "agent" and _collective(w[title_end - 1]):
                    following = None  # اتهمت المعارضة شمعون: a group is no one person's apposition
                title = tuple(_loose(x) for x in w.span(i, title_end)) if kind == "description" else None
                if country is None and following is None and kind == "description":
                    kind = "title"  # a bare title (رئيس الوزراء): an actor only if one person bore it
                place = self._stationed_in(w, j, ent_at) if kind == "agent" else None
                if kind == "agent" and country is None:
                    country = self._leader_country(w, j, ent_at)
                if role == "UAF" and j > title_end and _head(w[title_end - 1]) in _MILITANTS:
                    role = "REB"  # مقاتلين أكراد: fighters named by allegiance are rebels
                start = starts[i] + stem_offset(w.text(i), plen)
                end = ends[j - 1]
                out.append((Mention(start, end, doc.text[start:end], s_idx, kind, None, country, role or None, place,
                                    title), following))
                i = j
        return out

    def _phrase_at(self, table: dict[tuple[str, ...], str], w: Window, i: int) -> tuple[int, str, int] | None:
        """The gazetteer's title or agent phrase at token ``i`` (its end a document position)."""
        hit = self.gaz.phrase_at(table, w.norms, w.local(i))
        return None if hit is None else (w.absolute(hit[0]), hit[1], hit[2])

    def _nationality_at(self, w: Window, i: int) -> tuple[int, str] | None:
        """The gazetteer's nationality adjective at token ``i`` (its end a document position)."""
        nat = self.gaz.nationality_at(w.norms, w.local(i))
        return None if nat is None else (w.absolute(nat[0]), nat[1])

    def _verb_reading(self, w: Window, i: int, j: int, ent_at: dict[int, Entity]) -> bool:
        """A one-word agent that is also a past verb (طالب: student / demanded)
        reads as the verb before its subject: a definite word, a name or a title."""
        if j != i + 1 or not wordlists.has("verb_homographs", w[i]) or j >= w.end:
            return False
        return w[j].startswith(ARTICLE) or j in ent_at or self._phrase_at(self.gaz.titles, w, j) is not None

    def _person_described(self, w: Window, j: int, kind: str, ent_at: dict[int, Entity]) -> tuple[int, Entity | None]:
        """The person a title or agent phrase ending at ``j`` stands beside, and
        where the phrase ends: after a comma (وزير الخارجية، سيرغي لافروف); for a
        title also across definite adjectives (القيادي الجهادي البارز أبو الحسن
        التونسي) or the office's organisation (الأمين العام لحزب الله اللبناني،
        حسن نصر الله)."""
        if kind == "description":
            k = next((k for k in range(j, min(j + 3, w.end)) if k in ent_at), None)
            if k is not None and k > j and ent_at[k].type == "PER" and all(x.startswith(ARTICLE) for x in w.span(j, k)):
                j = k
        nxt = j + 1 if j < w.end and w.text(j) in _COMMAS else j
        following = ent_at.get(nxt)
        if kind == "description" and following is not None and following.type == "ORG":
            k = nxt
            while k < w.end and w.doc.token_starts[k] < following.end:
                k += 1
            while k < w.end and k not in ent_at and k - nxt <= 6 and (
                    w.text(k) in _COMMAS or self._nationality_at(w, k)):
                k += 1
            holder = ent_at.get(k)
            following = holder if holder is not None and holder.type == "PER" else following
        return j, following if following is not None and following.type == "PER" else None

    def _agent_phrase(self, text: str) -> tuple[str | None, str] | None:
        """(country, role) when a mention is wholly an agent noun and its
        nationality (الجيش السوري, الشرطة التركية), not a name."""
        norms = [normalise(w) for w in text.split()]
        hit = self.gaz.phrase_at(self.gaz.agents, norms, 0) if norms else None
        if hit is None:
            return None
        k, role, _ = hit
        country = self.gaz.nationality_within(norms, 1, k)
        while k < len(norms) and (nat := self.gaz.nationality_at(norms, k)):
            k, country = nat[0], country or nat[1]
        return (country, role or "") if k == len(norms) and role else None

    def _org_head(self, text: str, country: str | None) -> tuple[str | None, str | None]:
        """(country, role) of an uncoded organisation name from its head noun
        (حزب PTY, جامعة EDU, سفارة GOV) and a nationality adjective in it."""
        norms = [normalise(w) for w in text.split()]
        hit = self.gaz.phrase_at(self.gaz.agents, norms, 0) if norms else None
        return country or self.gaz.nationality_within(norms, 1, len(norms)), (hit[1] or None) if hit else None

    def _stationed_in(self, w: Window, j: int, ent_at: dict[int, Entity]):
        """Place of a generic agent: المسلحين المتمركزين في منطقة خفض التوتر في إدلب."""
        if j < w.end and w[j] in _STATIONED:
            j += 1
        if j >= w.end or w[j] != _IN:
            return None
        for m in range(j + 1, min(j + 8, w.end)):
            ent = ent_at.get(m)
            if ent is not None and ent.type in ("GPE", "LOC"):
                return {"text": ent.text, "start": ent.start, "end": ent.end,
                        "canonical": ent.canonical, "country": ent.attrs.get("country")}
            if not w[m][:1].isalpha():
                break
        return None

    def _leader_country(self, w: Window, j: int, ent_at: dict[int, Entity]) -> str | None:
        """The country of who leads a generic agent, or of whom it is drawn
        from (قوات التحالف التي تقودها الولايات المتحدة, متظاهر من ابناء دارفور)."""
        k = led_by_end(w, j)
        if k is None:
            return None
        # past quotation marks and a title before the name (الجنرال محمد ولد عبد العزيز)
        while k < min(w.end, j + 5) and k not in ent_at and (w[k] in ("«", '"') or w[k].startswith(ARTICLE)):
            k += 1
        ent = ent_at.get(k)
        if ent is None:
            return None
        country, _ = split_code(ent.attrs.get("code"), self.countries)
        return country or ent.attrs.get("country")

    def _country_actor(self, country: str | None, actors: list[Actor]) -> Actor | None:
        """The actor of a country named in the text (Syria for السورية)."""
        for actor in actors:
            if actor.type == "GPE" and any(
                m.entity is not None and m.entity.canonical in self.country_names
                and m.entity.attrs.get("country") == country for m in actor.mentions
            ):
                return actor
        return None

    def _resolve(self, desc: Mention, actors: list[Actor]) -> Actor | None:
        """The one named person whose country and role fit a description that
        names a head of state or government (الرئيس الروسي, نظيره الفرنسي); an
        ambassador or a minister is not resolved by country and role alone."""
        if not desc.title or desc.title not in _HEAD_TITLES and desc.title[0] not in _COUNTERPART:
            return None
        fits = [a for a in actors if a.type == "PER" and not a.generic
                and self._country_role(a)[0] == desc.country and self._country_role(a)[1] == desc.role]
        return fits[0] if len(fits) == 1 else None

    def _country_role(self, actor: Actor) -> tuple[str | None, str | None]:
        for m in actor.mentions:
            if m.entity is not None:
                country, role = split_code(m.entity.attrs.get("code"), self.countries)
                if country or role:
                    return country or m.entity.attrs.get("country"), role
        return actor.country, actor.role

    # -- naming and codes -------------------------------------------------
    def _finish(self, doc: Document, actor: Actor) -> None:
        names = [m for m in actor.mentions if m.kind == "name"]
        country, role = self._country_role(actor)
        actor.country = actor.country or country or next((m.country for m in actor.mentions if m.country), None)
        actor.role = actor.role or role or next((m.role for m in actor.mentions if m.role), None)
        canon = next((m.entity.canonical for m in names if m.entity and m.entity.canonical), None)
        if canon is None and names:
            canon = romanise(max(names, key=lambda m: len(m.text)).text)
        if canon is None and actor.type == "GPE":
            canon = self.country_name_of.get(actor.country or "")
        if canon is None:
            canon = self._generic_name(actor)
        actor.canonical = canon
        code = next((m.entity.attrs.get("code") for m in names if m.entity and m.entity.attrs.get("code")), None)
        if actor.type == "GPE":
            # a place is coded by its country; a capital (gazetteer code XXXGOV)
            # stands for its government only where the text uses it so
            actor.role, actor.code = None, actor.country or code
            actor.is_country = actor.canonical in self.country_names
            if code and code.endswith("GOV") and self._as_government(doc, actor):
                actor.role, actor.code = "GOV", code
        else:
            actor.code = code or ((actor.country or "") + (actor.role or "")) or None

    def _generic_name(self, actor: Actor) -> str:
        role = ROLE_NAMES.get(actor.role or "", (actor.role or "actor").lower())
        return f"{role} ({actor.country})" if actor.country else role

    def _as_government(self, doc: Document, actor: Actor) -> bool:
        """A city standing for its government: اتفاق بين موسكو وأنقرة وطهران
        (a city named after بين, alone or in its list)."""
        for m in actor.mentions:
            words = [normalise(w) for w in doc.text[max(0, m.start - 60) : m.start].split()][-4:]
            if _BETWEEN in words and not any(w in _LOCATIVE for w in words):
                return True
        return False


def led_by_end(w: Window, j: int) -> int | None:
    """Where the leader's name starts when a "led by / drawn from" phrase opens
    at token ``j`` (بقيادة، التي تقودها، من أنصار), else None."""
    if j < w.end and w[j] in _COMMAS:
        j += 1
    if j < w.end and w[j] in _LED_BY:
        return j + 1
    if j + 1 < w.end and w[j] in _RELATIVE_PRONOUNS and w[j + 1].startswith(_LEADS):
        return j + 2
    if j + 1 < w.end and w[j] == _FROM and w[j + 1] in _DRAWN_FROM:
        return j + 2
    return None


@lru_cache(maxsize=1)
def _default_builder() -> ActorBuilder:
    return ActorBuilder()


def build_actors(doc: Document, gazetteer: Gazetteer | None = None) -> Document:
    """Add ``doc.actors`` and each entity's cluster, country, role and code."""
    builder = ActorBuilder(gazetteer) if gazetteer is not None else _default_builder()
    return builder(doc)
