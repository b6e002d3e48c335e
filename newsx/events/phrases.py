"""Argument phrases: which actor mentions are a sentence's arguments, and what
noun phrase each argument's record covers.

A group and the actor its stance participle names (المتظاهرين المناوئين للحكومة
التايلندية، نشطاء مؤيدين للكرملين) are one argument (``sentence_arguments``).

An argument's record covers its noun phrase (``argument_record``: عناصر الشرطة
الأفغانية for the mention الشرطة الأفغانية; قائد شرطة النجدة; قوات الأمن الأفغانية
والدولية; قوات التحالف التي تقودها الولايات المتحدة; an attack's target from its
head noun, على المقر الرئيسي للاستخبارات; an office over it, رئيس وزراء العراق, which
makes a country its government) and carries its actor's codes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsx.actors.cluster import Actor, Mention, is_nisba, led_by_end
from newsx.events import types
from newsx.events.record import Argument
from newsx.text.document import Document
from newsx.text.window import Window
from newsx.entities.gazetteer import Gazetteer
from newsx.lang.ar import lexicon
from newsx.lang.ar.clitics import ARTICLE, CONJ, LI, PRESENT_PREFIXES, WA
from newsx.events.triggers import TriggerMatch

# what an attack's target phrase opens with: على المقر, قرب موكب, بالقرب من مقر, استهدف مقرا
_AIMED_AT = lexicon.norms("aimed_at")
# a group's stance towards ل + an actor (المتظاهرين المناوئين للحكومة، نشطاء مؤيدين للكرملين)
_AGAINST = lexicon.norms("stances_against")
_STANCES = _AGAINST | lexicon.norms("stances_for")
OFFICE_HEADS = lexicon.norms("office_heads")
_HEADS = lexicon.norms("phrase_heads") | OFFICE_HEADS
_HANDS = lexicon.norms("hands")
_NOT_NOUNS = lexicon.norms("not_nouns")
PREPOSITIONS = lexicon.norms("prepositions")
NUMBER_WORDS = lexicon.norms("count_words")
TIME_WORDS = lexicon.norms("time_words")
_COMMAS = lexicon.norms("commas")
_THEIR = tuple(lexicon.norms("their_endings"))


@dataclass
class Arg:
    mention: Mention
    actor: Actor
    first: int  # token indices covered
    last: int
    stance: Arg | None = None  # the actor a group is against (المتظاهرين المناوئين للحكومة), inside its span


def _merge_appositions(doc: Document, args: list[Arg]) -> list[Arg]:
    """One argument for a description and its name side by side (الرئيس الروسي
    فلاديمير بوتين; وزير الخارجية، سيرغي لافروف): the span covers the whole phrase."""
    out: list[Arg] = []

    def commas(i: int, j: int) -> bool:
        return all(doc.text[doc.token_starts[t] : doc.token_ends[t]] in _COMMAS for t in range(i, j))

    for a in args:
        prev = out[-1] if out else None
        # الأمين العام لحزب الله، حسن نصر الله: the office's organisation stands between them
        office = out[-2] if len(out) > 1 and prev is not None and prev.first == out[-2].last + 1 else None
        if prev is not None and prev.actor is a.actor and a.first <= prev.last + 2 and commas(prev.last + 1, a.first):
            head = prev
        elif office is not None and office.actor is a.actor and a.first <= prev.last + 2 and commas(prev.last + 1, a.first):
            head = out.pop(-2)
            out[-1] = head
        else:
            out.append(a)
            continue
        m = head.mention
        merged = Mention(m.start, a.mention.end, doc.text[m.start : a.mention.end], m.sentence, m.kind,
                         m.entity or a.mention.entity, m.country or a.mention.country, m.role or a.mention.role)
        out[-1] = Arg(merged, a.actor, head.first, a.last)
    return out


def argument_record(w: Window, arg: Arg | None, trig: TriggerMatch, target: bool = False) -> Argument | None:
    """An argument's record: the whole noun phrase (عناصر الشرطة الأفغانية for
    the mention الشرطة الأفغانية) with its actor's codes. ``w`` is the trigger's
    sentence; a subject carried from the sentence before is read in its own."""
    if arg is None:
        return None
    if arg.mention.sentence != w.k:
        w = Window(w.doc, arg.mention.sentence)
    doc = w.doc
    first, last = arg.first, arg.last
    stop = range(trig.token_start, trig.token_end)
    if target and types.get(trig.plover).violent:
        first = _struck_head(w, first, stop)
    while first - 1 >= w.start and first - 1 not in stop:
        k = first - 2 if w[first - 1] in ("«", '"') and first >= w.start + 2 else first - 1  # عناصر «كتائب القسام»
        if k in stop or _strip_conj(w[k]) not in _HEADS:
            break
        first = k  # عناصر / أعضاء / زعماء / رئيس + the mention
        if w[first][:1] in CONJ and w[first] not in _HEADS:
            break
    nxt = w.at(last + 1) if last + 1 not in stop else ""  # the word after the phrase, if it may join it
    if arg.mention.kind != "name" and not _modifier(w[last]) and nxt and _modifier(nxt) and (
            w[last].startswith(ARTICLE) == nxt.startswith(ARTICLE)):
        last += 1  # مدنيا أفغانيا, متظاهرون أفغان: one adjective agreeing in definiteness (not after a name)
    elif (arg.mention.kind in ("title", "description") and arg.mention.entity is None and nxt
          and not w[last].startswith(ARTICLE) and _construct_noun(nxt)):
        last += 1  # قائد شرطة النجدة: the construct phrase's last noun
    nxt = w.at(last + 1) if last + 1 not in stop else ""
    if arg.mention.kind != "name" and nxt and (_their(nxt) or _and_modifier(w[last], nxt)):
        last += 1  # طلبة المدارس ومعلميهم: and their teachers; قوات الأمن الأفغانية والدولية
    if arg.mention.kind != "name":
        last = _leader_end(w, last)  # قوات التحالف التي تقودها الولايات المتحدة
    # the mention's own start unless the phrase reaches further left (its proclitic و stays out: وماكرون)
    start = doc.token_starts[first] if first < arg.first else arg.mention.start
    end = max(doc.token_ends[last], arg.mention.end)
    a = arg.actor
    rec = Argument(doc.text[start:end], start, end, a.id, a.canonical, a.code, a.country, a.role)
    if a.type == "GPE" and a.country and any(_strip_conj(x) in OFFICE_HEADS for x in w.span(first, arg.first)):
        rec.role, rec.code = "GOV", a.country + "GOV"  # رئيس وزراء العراق, سفير فرنسا: the country's government
    return rec


def _leader_end(w: Window, last: int) -> int:
    """The phrase's last token, through who leads it or whom it is drawn from
    (متظاهر من ابناء دارفور): the leader's name must follow within four words."""
    k = led_by_end(w, last + 1)
    if k is None or k >= w.end:
        return last
    start, limit = w.chars(k, min(k + 5, w.end))  # the leader's first five words at most
    ent = next((e for e in w.doc.entities if start <= e.start < limit), None)
    if ent is None:
        return last
    return min(token_range(w.doc, ent.start, ent.end)[1], w.end - 1)


def _strip_conj(n: str) -> str:
    return n[1:] if n[:1] in CONJ and n[1:] in _HEADS else n


def _modifier(n: str) -> bool:
    """An adjective that stays with the noun before it: a relational one
    (الأفغانية, أفغانيا) or a people's plural (أفغان), never a function word."""
    return is_nisba(n) or n in Gazetteer.default().nationalities


def _struck_head(w: Window, first: int, stop: range) -> int:
    """Where an attack's target phrase starts when the actor only closes it:
    على المقر الرئيسي للاستخبارات, قرب موكب الشيخ ... (at most three words
    between the preposition and the actor)."""
    k = first - 1
    while k >= w.start and first - k <= 3 and k not in stop and _head_word(w[k]):
        k -= 1
    return k + 1 if k >= w.start and k < first - 1 and k not in stop and w[k] in _AIMED_AT else first


def _head_word(n: str) -> bool:
    """A word that may head a struck phrase: not a preposition, number, time
    word, the hand of an agent (على أيدي) or ل + a verb (لتهاجم)."""
    return (n[:1].isalpha() and n not in _AIMED_AT and n not in PREPOSITIONS and n not in NUMBER_WORDS
            and n not in TIME_WORDS and n not in _HANDS and not (n[:1] == LI and n[1:2] in PRESENT_PREFIXES))


def _construct_noun(n: str) -> bool:
    """A definite noun that may close a construct phrase (قائد شرطة النجدة):
    not a time word, a preposition, a relative pronoun or a nationality."""
    return (n.startswith(ARTICLE) and n not in TIME_WORDS and n not in PREPOSITIONS and n not in _NOT_NOUNS
            and not _modifier(n))


def _and_modifier(prev: str, n: str) -> bool:
    """و + a second relational adjective after a first one (الأفغانية والدولية)."""
    return n[:1] == WA and _modifier(prev) and _modifier(n[1:]) and prev.startswith(ARTICLE) == n[1:].startswith(ARTICLE)


def _their(n: str) -> bool:
    """و + a plural noun with "their" (ومعلميهم, وذويهم): coordinated with the phrase."""
    return n[:1] == WA and n.endswith(_THEIR) and len(n) > 5


def token_range(doc: Document, start: int, end: int) -> tuple[int, int]:
    first = max(bisect_right(doc.token_starts, start) - 1, 0)
    last = max(bisect_left(doc.token_ends, end), first)
    return first, min(last, len(doc) - 1)


def sentence_arguments(doc: Document) -> dict[int, list[Arg]]:
    """Every actor mention as an argument, per sentence, in text order, with a
    description and its name side by side merged into one."""
    by_sentence: dict[int, list[Arg]] = {}
    for actor in doc.actors:
        for m in actor.mentions:
            first, last = token_range(doc, m.start, m.end)
            by_sentence.setdefault(m.sentence, []).append(Arg(m, actor, first, last))
    return {k: _merge_stances(doc, _merge_appositions(doc, sorted(args, key=lambda a: a.first)))
            for k, args in by_sentence.items()}


def _merge_stances(doc: Document, args: list[Arg]) -> list[Arg]:
    """A group and the actor its stance participle names (المتظاهرين المناوئين
    للحكومة التايلندية, نشطاء مؤيدين للكرملين) are one argument: the phrase
    names who the group is, so the actor inside is no argument of its own (the
    object after it is: أعاق ... عمل البرلمان). One the group is against is kept
    in ``Arg.stance``: a protest's target when no other is named."""
    out: list[Arg] = []
    for a in args:
        prev = out[-1] if out else None
        if (prev is not None and prev.actor.generic and prev.mention.kind == "agent" and a.first == prev.last + 2
                and _norm_at(doc, prev.last + 1) in _STANCES and _norm_at(doc, a.first)[:1] == LI):
            against = _norm_at(doc, prev.last + 1) in _AGAINST
            out[-1] = Arg(prev.mention, prev.actor, prev.first, a.last, a if against else None)
            continue
        out.append(a)
    return out


def _norm_at(doc: Document, i: int) -> str:
    return doc.norms[i]
