"""Event coder: who did what to whom, when and where, from the Arabic itself.

Triggers come from the lexicon (``newsx.events.triggers``), their source and target
from the sentence's actor mentions (``newsx.events.arguments``). The place is a GPE/LOC
after في/قرب/داخل rather than any place in the sentence; the date is the
sentence's date expression nearest the trigger, resolved against the document
date.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsx.events.phrases import Arg, argument_record, sentence_arguments
from newsx.events.record import Argument, Event, EventDate, Place, Span
from newsx.events import types
from newsx.events.arguments import CLAUSE_OPENERS, PREPOSITIONS, SPEECH_VERBS, find_arguments, is_location
from newsx.dates.expressions import DateMention, find_dates
from newsx.text.document import Document
from newsx.text.window import Window
from newsx.lang.ar import lexicon
from newsx.lang.ar.clitics import ARTICLE, BI, CONJ, LI, PRESENT_PREFIXES, WA
from newsx.lang.ar.clitics import without_conj as no_conj
from newsx.lang.ar.normalise import normalise
from newsx.events.triggers import TriggerLexicon, TriggerMatch
from newsx.names import CODERS


@dataclass
class RuleOutput:
    events: list[Event]
    triggers: dict[int, list[TriggerMatch]]  # per sentence, every lexicon match (before the coder's filters)
    args: dict[int, list[Arg]]  # per sentence, the actor mentions as arguments


class EventCoder:
    """Codes a document's events; build once, call on many documents."""

    def __init__(self, lexicon: TriggerLexicon | None = None) -> None:
        self.lexicon = lexicon or TriggerLexicon.default()

    def __call__(self, doc: Document) -> Document:
        doc.events = self.code(doc).events
        return doc

    def code(self, doc: Document) -> RuleOutput:
        """The rule coder's records, with the triggers and arguments it saw
        (the learned coder reads all three as features)."""
        args_by_sentence = sentence_arguments(doc)
        found: dict[int, list[TriggerMatch]] = {}
        events: list[Event] = []
        seen: set[tuple] = set()
        stamp = doc.dateline.date.to_record() if doc.dateline and doc.dateline.date else {}  # the publication date is no event's date
        topic: Arg | None = None  # who the previous sentence opened by quoting (وقال الهمامي ...)
        for k, sent in enumerate(doc.sentences):
            args = args_by_sentence.get(k, [])
            w = Window(doc, k)
            previous_topic, topic = topic, _quoted_speaker(args, w)
            triggers = found[k] = self.lexicon.find(doc, k)
            if not triggers:
                continue
            dates = [d for d in find_dates(doc.text, doc.date, sent.start, sent.end) if d.start != stamp.get("start")]
            lemmas: set[tuple[str, str]] = set()
            subject: tuple[int, Arg] | None = None  # the last verb's subject: (its end token, the argument)
            for trig in triggers:
                if _inside_a_name(trig, args) or _anaphoric(trig, w, lemmas):
                    continue
                source, target = find_arguments(trig, args, w)
                if source is None:
                    source = _carried_source(trig, target, args, w, subject, previous_topic)
                if trig.pos == "verb" and source is not None:
                    subject = (trig.token_end, source)
                key = (k, trig.plover, source and source.actor.id, target and target.actor.id)
                if key in seen:
                    continue
                seen.add(key)
                place = self.place(w, trig, args, (source, target))
                src = argument_record(w, source, trig)
                tgt = argument_record(w, target, trig, target=True)
                if src and tgt and src.overlaps(tgt) and target is not source.stance:
                    tgt = None  # one phrase (زعيم تيار المحبة) is not both who acted and who underwent it
                events.append(self.make_event(doc, len(events) + 1, k, trig, src, tgt, place, nearest_date(dates, trig)))
        _inherit_attackers(events)
        for ev in events:
            ev.score = _score(ev)
        return RuleOutput(events, found, args_by_sentence)

    def place(self, w: Window, trig: TriggerMatch, args: list[Arg], used: tuple[Arg | None, Arg | None]):
        """The first GPE/LOC after a locative word, after the trigger if there is one."""
        places = [a for a in args if a.actor.type in ("GPE", "LOC") and is_location(a, w) and a not in used]
        if not places:
            return None
        after = [a for a in places if a.first >= trig.token_end]
        best = after[0] if after else places[-1]
        start, end = best.mention.start, best.mention.end
        return Place(w.doc.text[start:end], start, end, best.actor.canonical, best.actor.country)

    # -- record -----------------------------------------------------------
    def make_event(self, doc: Document, n: int, k: int, trig: TriggerMatch, source: Argument | None,
               target: Argument | None, place: Place | None, date: DateMention | None) -> Event:
        sent = doc.sentences[k]
        modality = _modality(trig, date, doc)
        when = None if date is None else EventDate(doc.text[date.start : date.end], date.start, date.end,
                                                   date.resolved, date.granularity)
        return Event(
            id=f"{doc.id}#e{n}" if doc.id else f"e{n}", type=trig.plover, cameo=trig.cameo,
            quad_class=trig.quad_class, mode=trig.mode, negated=trig.negated, modality=modality,
            status=status_of(trig, modality), reported=trig.reported,
            trigger=Span(doc.text[trig.start : trig.end], trig.start, trig.end), source=source, target=target,
            location=place, date=when, sentence=k,
            score=None,  # set by _score once every argument is known
            evidence=doc.text[sent.start : sent.end])


_FUTURE_WORDS = lexicon.norms("future_date_words")
_NEW_CLAUSE = CLAUSE_OPENERS | lexicon.norms("new_clause_words")
_CARRY_BREAKS = lexicon.norms("carry_breaks")
_DEFINITE = (ARTICLE, *(c + ARTICLE for c in CONJ))  # الاجتماع، والاجتماع، فالاجتماع


def _inherit_attackers(events: list[Event]) -> None:
    """A killing with no agent in a sentence whose attack has one (قتل سبعة من
    عناصر الشرطة اثر هجوم انتحاري تبنته طالبان): the attackers killed them."""
    for ev in events:
        if types.get(ev.type).arguments != "attack" or ev.source is not None or ev.target is None:
            continue
        attack = next((o for o in events if o is not ev and o.sentence == ev.sentence and o.type == ev.type
                       and o.source is not None and o.trigger.start > ev.trigger.end
                       and o.source.actor != ev.target.actor), None)
        if attack is not None:
            ev.source = attack.source


def _modality(trig: TriggerMatch, date: DateMention | None, doc: Document) -> str:
    """The trigger's modality, made planned by a date written as future (يبدأ
    الأسرى غداً إضراباً، يلتقي الرئيس نظيره الأسبوع المقبل). Not for a past verb:
    دعا ... الانتخابات المقررة الخميس المقبل was a call made, about a later day."""
    if trig.modality != "asserted" or trig.negated or date is None or trig.mode == "postpone":
        return trig.modality  # أعلنت إرجاء الاجتماع إلى بداية ديسمبر المقبل: the new date is the meeting's
    verb = no_conj(normalise(trig.text))
    if trig.pos == "verb" and verb[:1] not in PRESENT_PREFIXES:
        return trig.modality  # a past verb (ي/ت/ن open the present)
    future = any(normalise(w) in _FUTURE_WORDS for w in doc.text[date.start : date.end].split())
    return "planned" if future else trig.modality


def _carried_source(trig: TriggerMatch, target: Arg | None, args: list[Arg], w: Window,
                    subject: tuple[int, Arg] | None, topic: Arg | None) -> Arg | None:
    """A subject carried over to a verb that writes none: the subject of the
    verb it is coordinated with (تظاهر مئات الكوريين ... ودعوا), or whom the
    previous sentence opened by quoting (وقال بيريز ... . وتعهد بقيادة ...)."""
    carried = None
    if subject is not None and _coordinated_verb(trig, w, subject[0]):
        carried = subject[1]
    elif topic is not None and _opens_without_subject(trig, args, w):
        carried = topic
    return carried if carried is not None and (target is None or carried.actor is not target.actor) else None


def _quoted_speaker(args: list[Arg], w: Window) -> Arg | None:
    """The person or organisation a sentence opens by quoting (وقال الهمامي،
    وأكدت الوزارة): who a following sentence that starts with a bare verb is about."""
    if not len(w) or no_conj(w[w.start]) not in SPEECH_VERBS:
        return None
    first = next((a for a in args if a.first == w.start + 1), None)
    return first if first is not None and first.actor.type in ("PER", "ORG") else None


def _opens_without_subject(trig: TriggerMatch, args: list[Arg], w: Window) -> bool:
    """A verb trigger opening its sentence with a preposition right after it
    (ودعا إلى ...، وتعهد بقيادة ...): no subject is written."""
    j = trig.token_end
    if trig.pos != "verb" or trig.token_start != w.start or j >= w.end or any(a.first == j for a in args):
        return False
    return w[j] in PREPOSITIONS or w[j][:1] in (BI, LI)  # a preposition, or ب/ل on a masdar


def _coordinated_verb(trig: TriggerMatch, w: Window, prev_end: int) -> bool:
    """A verb joined by و to an earlier verb of its clause (..., ودعوا للتراجع):
    close to it, with no sentence-part break or new clause between."""
    i, j = prev_end, trig.token_start
    between = w.span(i, j)
    return (trig.pos == "verb" and w[j][:1] == WA and 0 <= j - i <= 15
            and not any(x in _CARRY_BREAKS or x in _NEW_CLAUSE for x in between))


def _anaphoric(trig: TriggerMatch, w: Window, seen: set[tuple[str, str]]) -> bool:
    """A definite event noun repeating an earlier trigger of its sentence (عقب
    اللقاء الذي جمعه ب... بأن اللقاء كان مناسبة) names the same event again:
    no second record. Records the trigger's lemma as seen."""
    key = (trig.plover, trig.lemma)
    again = key in seen and trig.pos == "noun" and w[trig.token_start].startswith(_DEFINITE)
    seen.add(key)
    return again


def _inside_a_name(trig: TriggerMatch, args: list[Arg]) -> bool:
    """A word of a longer name or agent (حرس in قوات حرس السواحل) is no event;
    a crowd noun is, though it names its own actor (المتظاهرون)."""
    return types.get(trig.plover).arguments != "protest" and any(
        a.mention.start <= trig.start and trig.end <= a.mention.end
        and a.mention.end - a.mention.start > trig.end - trig.start for a in args)


def _score(ev: Event) -> float:
    """Confidence: arguments found, and whether the sentence reports the event
    rather than names it (منذ اغتيال الحريري)."""
    score = 0.35 + 0.25 * (ev.source is not None) + 0.15 * (ev.target is not None) + 0.25 * ev.reported
    return round(min(score, 1.0), 2)


def nearest_date(dates: list[DateMention], trig: TriggerMatch) -> DateMention | None:
    if not dates:
        return None
    return min(dates, key=lambda d: min(abs(d.start - trig.end), abs(trig.start - d.end)))




def load_coder(name: str):
    """An event coder by name: ``learned`` (the trained model, newsx.events.learned) or ``rules``."""
    if name == "rules":
        return EventCoder()
    if name == "learned":
        from newsx.events.learned import LearnedCoder

        return LearnedCoder()
    raise ValueError(f"unknown event coder {name!r}; choose from {', '.join(CODERS)}")


def number_events(doc: Document) -> None:
    """Event ids in order, without gaps (after the events a user did not ask for are left out)."""
    for n, ev in enumerate(doc.events, 1):
        ev.id = f"{doc.id}#e{n}" if doc.id else f"e{n}"


def status_of(trig: TriggerMatch, modality: str) -> str:
    """The rule coder's reading of an event's status, in the corpus's terms."""
    if trig.negated:
        return "negated"
    if modality in ("planned", "possible"):
        return modality
    return "asserted" if trig.reported else "background"
