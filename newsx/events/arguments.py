"""Event arguments: who did what to whom, from the sentence's actor mentions.

Rules, in the order they are tried for a trigger (``find_arguments``):

* a protest noun after في / إلى whose sentence part opens with a verb of going
  out or joining (خرج المئات من أبناء العشائر ... في تظاهرة): that verb's
  subject is the protester;
* ``بين X و Y`` after the trigger: X is the source, Y the target;
* passives of violence: the agent after من قبل / على يد / بنيران / برصاص (also past
  a quantity: من قبل عدة ضباط) is the source; what underwent an attack (تعرض X
  لهجوم) is its target; an explosion (انفجرت قنبلة) has no source, and the people
  named near it are its target; a verb of violence with no object (شخصا قتل في
  انفجار, قُتلوا) has its one mention as the target; a counted noun after such a
  verb is its passive subject (وقتل 150 مدنيا);
* nouns of violence: the agent of a relative clause on the noun is its source
  (غارة شنتها طائرة أميركية), the mention right after it its object (اغتيال
  الأمين العام), unless that is the noun's own adjective (هجوم انتحاري) or an
  armed actor after an attack noun (هجمات الإرهابيين): then it attacked; who
  survived it (نجا X من محاولة اغتيال) is its target;
* a pronoun subject after a reporting verb (قال الحلف إنه قتل) makes the speaker
  the source;
* verbs: a mention just before the verb (SVO, also after إن/أن; a plural verb
  reaches back to its clause's topic) is the source, otherwise the first mention
  after it (VSO); nouns: the nearest mention before (أجرى بوتين محادثات); a target
  after مع على ضد إلى بحق تجاه (or a ل/ب proclitic), else the next mention,
  counted from the subject's end in verb-first order; a call or demand only its
  object or whom it is asked of (طلب من X), never what follows إلى / ب;
* a protest with no source found takes the crowd its sentence names (المتظاهرون);
  a protest with no target found takes what its crowd is against (المحتجين
  المناهضين للهند).

Mentions after a comma and a clause opener (، كما / فيما / حيث ...) belong to
another clause and are never arguments; a mention before the trigger across a
clause break is not its subject; what follows a plural verb is its object; the
outlet a statement was given to (في حديث لصحيفة ...) is never an argument.

Which mentions are a sentence's arguments and what phrase each covers: see
``argument_phrases``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from newsx.events import types
from newsx.events.phrases import Arg
from newsx.events.reporting import LIGHT_VERBS
from newsx.events.triggers import TriggerMatch
from newsx.lang.ar import lexicon
from newsx.lang.ar.clitics import ALEF, ARTICLE, BI, DAMMA, LI, PREP_ARTICLE, WA
from newsx.lang.ar.clitics import without_conj as no_conj
from newsx.lang.ar.normalise import normalise
from newsx.text.window import CLAUSE_BREAKS, Window

TARGET_PREPS = lexicon.norms("target_markers")
# words that open an attribution (كما أفاد مراسل لوكالة ...): what follows is the source of the news
ATTRIBUTION = lexicon.norms("attribution_words")
LOCATIVES = lexicon.norms("place_words")
COMPLEMENTISERS = lexicon.norms("complementiser_forms")
PREPOSITIONS = lexicon.norms("prepositions")
NUMBER_WORDS = lexicon.norms("count_words")
TIME_WORDS = lexicon.norms("time_words")
PHRASE_HEADS = lexicon.norms("phrase_heads")
OFFICE_HEADS = lexicon.norms("office_heads")
BETWEEN = lexicon.word_for("event_words", "between")
MAX_GAP = 6  # tokens between a verb and its post-verbal subject
_UNDERGO = tuple(lexicon.norms("undergo_forms"))
# a colon or quotation opening a speaker's words, and the verbs of saying before the speaker
_OPENERS = frozenset((":", "«", '"'))
_QUOTE_OPENERS = frozenset((":", "«"))
SPEECH_VERBS = lexicon.norms("speech_verbs")
_PARTITIVE = lexicon.norms("arg_partitives")
_TOWARDS, _FROM, _WITH, _IN, _YESTERDAY = (
    lexicon.word_for("event_words", r) for r in ("towards", "from", "with", "in", "yesterday"))
# a complementiser with the pronoun of the reporting subject: قال X إنه قتل
_SPEAKER_PRONOUN = lexicon.norms("speaker_pronouns")
_BY = lexicon.norms("agent_phrases")  # two words before the agent of a passive: من قبل، على يد
_BY_ONE = lexicon.norms("agent_instruments")
# words that may follow a verb of violence used without an object (passive)
_NO_OBJECT = lexicon.norms("no_object_words")
# relative verbs whose subject carried out the event a noun names: شنتها، نفذه، تبنته
_RELATIVE = tuple(lexicon.norms("support_verbs"))
_DRIVEN = lexicon.word_for("event_words", "drives")  # سيارات مفخخة يقودها انتحاريون: driven by, right after the trigger
_BELONGING = lexicon.norms("belonging")
_SURVIVE = lexicon.norms("survive_verbs")
_ARMED_ROLES = frozenset({"MIL", "REB", "UAF", "INS", "RAD", "SEP"})
_ATTACK_NOUNS = tuple(lexicon.norms("attack_nouns"))
_EXPLODE = tuple(lexicon.norms("explosion_words"))
_CROWD_STEMS = tuple(lexicon.norms("crowd_stems"))
_TAKE_PART = lexicon.norms("take_part")
# what links a protest noun to the verb of going out or joining (خرج ... في تظاهرة، انضموا إلى المسيرة)
_INTO = lexicon.norms("into")
# breaks a participant's verb is not looked for across: a new sentence part or a new subject
_HARD_BREAKS = lexicon.norms("part_breaks") | lexicon.norms("hard_break_words")
CLAUSE_OPENERS = lexicon.norms("clause_openers")
_CLAUSE_OPENERS = CLAUSE_OPENERS | lexicon.norms("comma_clause_openers")
# a statement given to an outlet: تصريح ل، حديث ل، مقابلة مع، حوار مع
_INTERVIEW = tuple(lexicon.norms("interview_nouns"))
_SAID_IN = tuple(lexicon.norms("said_in"))
_PREMISES = lexicon.norms("premises")
# morphology the rules test: pronoun suffixes, plural and adjective endings (lexicon lists, grammar)
_NOUN_PRONOUNS = lexicon.words("noun_pronouns")  # tried in file order: هم before ه
_HIM = lexicon.word_for("noun_pronouns", "person")
_PLURAL = tuple(lexicon.norms("plural_endings"))
_PLURAL_VERB = tuple(lexicon.norms("plural_verb_endings"))
_OBJECT_PRONOUN = tuple(lexicon.norms("object_pronouns"))
_POSSESSIVE = tuple(lexicon.norms("possessive_pronouns"))
_ADJECTIVE = tuple(lexicon.norms("adjective_endings"))
COMMAS = lexicon.norms("commas")
_DASHES = lexicon.norms("dashes")


@dataclass
class _Frame:
    """A trigger and the mentions around it, as the rules below read them."""

    trig: TriggerMatch
    w: Window
    t0: int  # the trigger's first token and the token after it (document indices, as every position here)
    t1: int
    candidates: list[Arg]
    before: list[Arg]
    after: list[Arg]
    marked: list[Arg]

    @property
    def violent(self) -> bool:
        return types.get(self.trig.plover).violent


def find_arguments(trig: TriggerMatch, args: list[Arg], w: Window) -> tuple[Arg | None, Arg | None]:
    """Source and target of a trigger among its sentence's arguments."""
    f = _frame(trig, args, w)
    protest = types.get(trig.plover).arguments == "protest"
    participant = _participant(f) if protest else None
    if participant is not None:  # خرج المئات من أبناء العشائر ... في تظاهرة
        return participant, _target(f, participant)
    source, target = _by_rules(f, args)
    if source is None and protest:
        # انطلقت مظاهرات ... حيث تقدم المتظاهرون بمذكرات: the crowd named in the sentence protested
        source = next((a for a in f.candidates if a is not target and _crowd(a)), None)
    if target is None and source is not None and source.stance is not None and protest:
        target = source.stance  # المحتجين المناهضين للهند: what the crowd is against
    return _resolve_pronoun(f, source, target)


def _resolve_pronoun(f: _Frame, source: Arg | None, target: Arg | None) -> tuple[Arg | None, Arg | None]:
    """A pronoun on an event noun fills the missing argument with the nearest
    fitting mention before it (a named person for ه, a group for هم): who
    underwent an act done to someone (اعتقاله، اغتياله) is its target; the owner
    of any other noun did it (زيارته، انسحابه، احتجاجاتهم). Not on verbs: their
    object pronoun is as often a thing (يرفضه: the bill)."""
    word = f.trig.text.split()[-1]
    suffix = next((p for p in _NOUN_PRONOUNS if word.endswith(p) and len(word) > len(p) + 2), None)
    if suffix is None or f.trig.pos == "verb" or normalise(f.trig.lemma).endswith(_HIM):
        return source, target
    as_target = types.get(f.trig.plover).done_to
    if (target if as_target else source) is not None:
        return source, target
    other = source if as_target else target
    fits = [a for a in f.before if a is not other and (other is None or a.actor is not other.actor)
            and (a.actor.type == "PER" and not a.actor.generic if suffix == _HIM else _plural(a))]
    if not fits:
        return source, target
    return (source, fits[-1]) if as_target else (fits[-1], target)


def _participant(f: _Frame) -> Arg | None:
    """The subject of a verb of going out or joining earlier in the sentence
    whose place is the protest noun (خرج المئات من أبناء العشائر العربية ...
    في تظاهرة امس): the mention right after the verb, or just before it."""
    w = f.w
    if f.trig.pos != "noun" or f.t0 <= w.start or w[f.t0 - 1] not in _INTO:
        return None
    for i in range(f.t0 - 2, max(w.start - 1, f.t0 - 25), -1):
        if w[i] in _HARD_BREAKS:
            return None
        if no_conj(w[i]) in _TAKE_PART:
            after = [a for a in f.candidates if i < a.first <= i + MAX_GAP and a.last < f.t0
                     and not _prepositional(a, w)]
            just_before = [a for a in f.candidates if 0 <= i - a.last <= 2]
            return after[0] if after else just_before[-1] if just_before else None
    return None


def _plural(a: Arg) -> bool:
    """A group mention whose first word is a plural (المتظاهرين، المعتقلين):
    what هم on an event noun can refer to. A counted singular (800 مهاجر) is
    missed."""
    return a.actor.generic and normalise(a.mention.text.split()[0]).endswith(_PLURAL)


def _plural_verb(trig: TriggerMatch) -> bool:
    """A verb agreeing in the plural (هاجموا, يطلقون): it follows its subject,
    since in verb-first order Arabic verbs stay singular."""
    return normalise(trig.text).endswith(_PLURAL_VERB)


def _crowd(a: Arg) -> bool:
    """A crowd of protesters (المتظاهرون، المحتجين، معتصمون)."""
    return any(stem in normalise(w) for w in a.mention.text.split() for stem in _CROWD_STEMS)


def _by_rules(f: _Frame, args: list[Arg]) -> tuple[Arg | None, Arg | None]:
    """The rules of the module docstring, in order."""
    trig, w = f.trig, f.w
    after = f.after
    # بين X و Y
    if after and after[0].first - 1 >= f.t1 and w[after[0].first - 1] == BETWEEN and len(after) > 1:
        return after[0], after[1]
    agent = next((a for a in after if _by_agent(a, w) and a.first - f.t1 <= MAX_GAP + 2), None)
    if agent is not None and f.violent:  # اغتصبت من قبل ضباط عراقيين / على يد مسلحين
        counted = [a for a in after if a is not agent and a.first < agent.first]
        return agent, (counted[0] if counted else (f.before[-1] if f.before else None))
    if normalise(trig.text).startswith(_EXPLODE):
        # اصيب 37 شخصا بجروح حين انفجرت قنبلة: a device explodes; the people named suffered it
        near = [a for a in f.before if f.t0 - a.last <= MAX_GAP]
        return None, (f.marked[0] if f.marked else near[-1] if near else after[0] if after else None)
    found = _violent_noun(f) if f.violent and trig.pos == "noun" else None
    if found is not None:
        return found
    if f.violent and trig.pos == "verb" and _objectless(trig, after, w):
        # شخصا قتل في انفجار / جرح وزير الدفاع في تفجير: the passive subject
        near = [a for a in f.before if f.t0 - a.last <= 2 or _after_complementiser(a, w)]
        return None, (near[-1] if near else after[0] if after else None)
    governor = f.t0 if trig.pos == "verb" else _light_verb(f)  # أنها تمكنت من إلقاء القبض: تمكنت
    speaker = _speaker(governor, f.candidates, w) if governor is not None else None
    if speaker is not None or trig.pos == "verb" and f.t0 > w.start and w[f.t0 - 1] in _SPEAKER_PRONOUN:
        # قال الحلف إنه قتل عددا من زعماء طالبان: the speaker (if near) did it; what follows is the object
        return speaker, next((a for a in after if a.first - f.t1 <= MAX_GAP), None)
    own = [a for a in args if a.first <= trig.token_start <= a.last and not is_location(a, w)]
    if own:  # the trigger word names its actor: تجمع 700 متظاهر, المحتجون
        return own[0], _target(f, own[0])
    number_next = f.t1 < w.end and (w[f.t1].isdigit() or w[f.t1] in NUMBER_WORDS)
    if (trig.pos == "verb" and f.violent and (after and _counted(after[0], w) or number_next)
            and not any(_same_clause(b, f) for b in f.before)
            and not any(_counted(b, w) for b in after[1:3] if b.first - after[0].last <= 4)):
        # وقتل 150 مدنيا، وقتل 6 من أبرز قياداته: a count after an unvoweled verb of violence
        # with no subject before it in its clause is its passive subject (not with a second counted
        # noun, its object: قتل أربعة انتحاريين 52 شخصا; تظاهر نحو ألفي شخص is active)
        return None, next((a for a in after if a.first - f.t1 <= MAX_GAP), None)
    if trig.pos == "verb":
        source = _verb_subject(f)
        pair = _coordinated_pair(f, source)
        return pair if pair is not None else (source, _target(f, source))
    # لقاء يجمع X مع Y: an unmarked mention after the noun, then a marked one
    lead = [a for a in after if a not in f.marked and a.first - f.t1 <= MAX_GAP]
    source = None
    genitive = lead[0] if lead and lead[0].first == f.t1 else None
    if lead and not f.violent and (any(m.first > lead[0].first for m in f.marked)
                                   or genitive is not None and types.get(f.trig.plover).arguments == "protest"
                                   or genitive is not None and f.trig.mode == "visit" and genitive.actor.type == "PER"):
        # ... or a protest's genitive (اعتصام العاملين), a visit's person (زيارة السيناتور ماكين);
        # not a visited country (زيارة سوريا) or whom criticism is of (انتقاد ترامب)
        source = lead[0]
    elif f.before and f.t0 - f.before[-1].last <= MAX_GAP and not (
            f.violent and _in_the_event(f.before[-1], f.t0, w)):
        source = f.before[-1]
    if f.violent and source is None and lead:
        return None, lead[0]  # مقتل ما لا يقل عن ثلاثة مسلحين: the victims
    return source, _target(f, source)


def _frame(trig: TriggerMatch, args: list[Arg], w: Window) -> _Frame:
    t0, t1 = trig.token_start, trig.token_end
    candidates = [a for a in args if not is_location(a, w) and not _credit(a, w) and not _interviewer(a, w)]
    # in قال X إن Y ..., X reports the event; its actors are Y and after
    clause = w.complementiser(t0)
    clause = w.start - 1 if clause is None else clause
    # a quotation or a colon opening right before the trigger leaves its speaker out (قال X: "قتل ...");
    # an attribution after it (كما أعلنت وزارة ...) leaves the news source out
    quoted = t0 > w.start and w[t0 - 1] in _OPENERS
    # one pass each for the last opener before the trigger and the first break after it,
    # not a scan of the gap per mention (a long sentence made that cubic)
    opener = w.last(t0, _QUOTE_OPENERS)
    opener = w.start - 1 if opener is None else opener
    attribution = next((i for i, x in w.positions(t1) if x in ATTRIBUTION or x == ":"), w.end)
    new_clause = next((i for (i, x), (_, y) in pairwise(w.positions(t1)) if _opens_clause(x, y)), w.end)
    before = [a for a in candidates if clause < a.first and a.last < trig.token_start
              and not ((quoted or opener > a.last) and _speaker_of_speech(a, w))]
    after = [a for a in candidates if a.first >= trig.token_end
             and attribution >= a.first and new_clause >= a.first - 1]
    marked = [a for a in after if _marked_target(a, w)]
    return _Frame(trig, w, t0, t1, candidates, before, after, marked)


def _violent_noun(f: _Frame) -> tuple[Arg | None, Arg | None] | None:
    """A noun of violence: what underwent it (تعرضت المستشفيات إلى هجمات), the
    agent of a relative clause on it (غارة شنتها طائرة أميركية), its object
    (اغتيال الأمين العام، خطف 23 متطوعا) or its own adjective (هجوم انتحاري: who
    attacked). None when none of these is there."""
    w, after, before = f.w, f.after, f.before
    undergone = _undergoer(f.t0, before, w)
    if undergone is not None:
        relative = next((a for a in after if _relative_agent(a, w, f.t1) or _by_agent(a, w)), None)
        return relative, undergone
    relative = next((a for a in after if _relative_agent(a, w, f.t1)), None)
    genitive = after[0] if after and _right_after(after[0], f.t1, w) else None
    if after and genitive is None and after[0].first - f.t1 <= 2 and _is_attribute(after[0], w):
        genitive = after[0]  # هجمات الأمس الانتحارية
    if relative is None and genitive is None:
        survivor = _survivor(f)
        return (None, survivor) if survivor is not None else None
    attribute = None
    if genitive is not None and (_is_attribute(genitive, w) or _armed_genitive(f, genitive)):
        attribute, genitive = genitive, None  # هجوم انتحاري; هجمات الإرهابيين: who attacked
    victims = [a for a in after if a not in f.marked and a is not relative and a is not attribute
               and (relative is None or a.first < relative.first) and a.first - f.t1 <= MAX_GAP]
    target = genitive or next((a for a in f.marked if a is not relative and a is not attribute), None) or (
        victims[0] if victims else None)  # مقتل ما لا يقل عن ثلاثة مسلحين في غارة شنتها ...
    near = before[-1] if before and f.t0 - before[-1].last <= (MAX_GAP if attribute else 3) else None
    if near is not None and (attribute is not None and not _after_support_verb(near, w)
                             or _in_the_event(near, f.t0, w)):
        near = None  # قتل 150 مدنيا في الضربات الأميركية, جورج حاوي في اعتداء: victims, not attackers
    # شن تنظيم داعش اليوم 3 هجمات انتحارية: the named actor before, then the attacker's kind
    return relative or near or attribute, target


def _armed_genitive(f: _Frame, genitive: Arg) -> bool:
    """An armed actor in the genitive of an attack noun carried it out (هجمات
    الإرهابيين, قصف الجيش); a killing's genitive is its victim (اغتيال القائد)."""
    armed = genitive.actor.role in _ARMED_ROLES or (genitive.actor.code or "")[:3] == "IMG"
    return armed and normalise(f.trig.text).startswith(_ATTACK_NOUNS)


def _opens_clause(comma: str, word: str) -> bool:
    """A comma then a word that opens a new clause (، كما فرضت قيودا ...، فيما
    شهدت): what follows belongs to another event."""
    return comma in COMMAS and no_conj(word) in _CLAUSE_OPENERS


def _same_clause(a: Arg, f: _Frame) -> bool:
    """No clause break between a mention before the trigger and the trigger
    (لموقع قيادات داعش، وقتل 6 من قياداته: the comma starts a new clause)."""
    return f.w.clause_start(f.t0) <= a.last + 1


def _light_verb(f: _Frame) -> int | None:
    """Where the past light or success verb governing a masdar trigger stands
    (قام بإطلاق، تمكنت من إلقاء القبض، نجح في قتل), if one does."""
    w, t0 = f.w, f.t0
    if t0 >= w.start + 2 and w[t0 - 1] in (_FROM, _IN):
        k = t0 - 2
    elif t0 >= w.start + 1 and w[t0][:1] == BI:
        k = t0 - 1
    else:
        return None
    return k if no_conj(w[k]) in LIGHT_VERBS else None


def _survivor(f: _Frame) -> Arg | None:
    """Who survived the attack the noun names (نجا قائد شرطة النجدة، أمس، من
    محاولة اغتيال): the subject of نجا, when من opens the phrase of the noun."""
    w = f.w
    opening = f.t0 - 1 if f.t0 > w.start and w[f.t0 - 1] == _FROM else f.t0 - 2
    if opening < w.start or w[opening] != _FROM:
        return None  # من اغتيال, من محاولة اغتيال
    for a in f.before:
        verb = a.first - 1
        if verb >= w.start and no_conj(w[verb]) in _SURVIVE and opening - a.last <= 8:
            return a
    return None


def _verb_subject(f: _Frame) -> Arg | None:
    """A verb's subject: just before it (SVO, also after إن/أن; a plural verb,
    هاجموا, reaches further back), else for a singular verb the first unmarked
    mention after it (verb-first order keeps the verb singular)."""
    w = f.w
    plural = _plural_verb(f.trig)
    reach = MAX_GAP if plural else 3
    near_before = [a for a in f.before if (f.t0 - a.last <= 2 or _after_complementiser(a, w)
                   or (plural and f.t0 - a.last <= reach)) and not _prepositional(a, w)
                   and _same_clause(a, f)]
    if near_before and f.t0 - near_before[-1].last <= reach:
        return near_before[-1]
    topic = [a for a in f.before if _after_complementiser(a, w)]
    if plural and topic and topic[-1] is f.before[0]:
        return topic[-1]  # ان المتظاهرين مجموعة طلاب ... كانوا يهتفون: the clause's topic, none between
    if plural:  # صيادين اقتحموا حديقة حيوان فرنسية: what follows a plural verb is its object
        return None
    unmarked = [a for a in f.after if a not in f.marked and a.first - f.t1 <= MAX_GAP]
    return unmarked[0] if unmarked else (f.before[-1] if f.before else None)


def _coordinated_pair(f: _Frame, subject: Arg | None) -> tuple[Arg, Arg] | None:
    """بوتين وماكرون اتفقا: two coordinated subjects of a meeting or an
    agreement are its source and target."""
    if not types.get(f.trig.plover).symmetric or subject is None or subject not in f.before:
        return None
    k = f.before.index(subject)
    if k == 0 or not f.w[subject.first].startswith(WA):
        return None
    first = f.before[k - 1]
    return (first, subject) if subject.first - first.last == 1 else None


def _target(f: _Frame, source: Arg | None) -> Arg | None:
    """A marked target (على، ضد، مع ...), else for violence the first mention
    that is no genitive of another noun, else the next mention, counted from the
    subject's end in verb-first order."""
    w = f.w
    rest = [a for a in f.after if a is not source and a.actor is not (source.actor if source else None)
            and not (source and (_origin_of(a, source, w) or a.first <= source.last))]
    start = source.last + 1 if source is not None and source.first >= f.trig.token_end else f.t1
    if types.get(f.trig.plover).arguments == "request" and f.trig.pos == "verb":
        return _addressee(f, rest, start)
    target = next((a for a in f.marked if a is not source and a in rest), None)
    if target is None and f.violent and f.trig.pos == "verb":
        # خطف مسلحون يرتدون زي الشرطة خمسة بريطانيين: not the genitive of another noun
        target = next((a for a in rest if not _genitive_of_other(a, w, f.t1)
                       and a.first - f.t1 <= 2 * MAX_GAP), None)
    if target is None and rest and rest[0].first - start <= MAX_GAP:
        target = rest[0]
    return target


def _addressee(f: _Frame, rest: list[Arg], start: int) -> Arg | None:
    """Whom a call or demand is addressed to: the verb's object (دعا الحكومة
    إلى, حث النرويج على) or who it is asked of (طلبت ... من رئيس المجلس); what
    follows إلى / ب / على is the thing asked for (دعا إلى تحمل مسؤولياتها تجاه
    قضية اللاجئين), not the addressee."""
    w = f.w
    # the subject's name in apposition (الأمين العام للأمم المتحدة أنطونيو غوتيريس، إيران)
    named = {k for b in f.candidates if b not in rest for k in range(b.first, b.last + 1)}
    for a in rest:
        i = a.first
        while i > start and (w[i - 1] in OFFICE_HEADS or w[i - 1] in PHRASE_HEADS):
            i -= 1  # طلبت ... من رئيس مجلس نواب الشعب: the office before the actor
        if i - start > MAX_GAP:
            break
        aside = all(_aside(w[k]) or k in named for k in range(start, i))  # دعا الحزب في بيانه الحكومة
        if w[i - 1] == _FROM or (aside and not _after_proclitic_preposition(a, w)
                                 and w[i - 1] not in TARGET_PREPS):
            return a
    return None


def _aside(word: str) -> bool:
    """A word that may stand between a verb's subject and its object: a time
    word, a comma, or where it was said (في بيانه، في رسالته)."""
    return word in TIME_WORDS or word in COMMAS or word in (_IN, _YESTERDAY) or word.startswith(_SAID_IN)


def _first_word(a: Arg) -> str:
    """The mention's first word, normalised (without a proclitic the token may carry)."""
    words = a.mention.text.split()
    return normalise(words[0]) if words else ""


def is_location(a: Arg, w: Window) -> bool:
    """A place named as where something is (في إدلب), not as an actor. A city
    is never an actor unless it stands for its government (بين موسكو وأنقرة)."""
    if a.actor.type not in ("GPE", "LOC") or a.actor.role == "GOV":
        return False
    if a.actor.type == "LOC" or not a.actor.is_country:
        return True
    own = w[a.first]
    first = _first_word(a) or own
    # ببنما is ب + a place; بريطانيين and باكستان only begin with the letter
    return w.at(a.first - 1) in LOCATIVES or own[:1] == BI and own[1:2] != ALEF and own != first


def _marked_target(a: Arg, w: Window) -> bool:
    """After على / ضد / ... , also through a partitive (على مجموعة من عناصر «X»)."""
    if _after_proclitic_preposition(a, w):
        return True
    i = a.first - 1
    while i >= w.start and (w[i] in PHRASE_HEADS or w[i] in _PARTITIVE or not w[i][:1].isalnum()):
        i -= 1
    if (i >= w.start + 1 and w[i - 1] in TARGET_PREPS and w[i - 1] != _TOWARDS and w[i][:1].isalpha()
            and not w[i].startswith(ARTICLE) and w[i] not in NUMBER_WORDS):
        return True  # على قرار الحكومة: the actor of the thing opposed (not نحو مائتي: "about 200")
    return i >= w.start and w[i] in TARGET_PREPS


def _undergoer(t0: int, before: list[Arg], w: Window) -> Arg | None:
    """The subject of تعرض (to undergo) just before an event noun: تعرض الموكب
    لهجوم, تعرضت المستشفيات إلى هجمات."""
    for i in range(max(w.start, t0 - 5), t0):
        stem = no_conj(w[i])
        if stem.startswith(_UNDERGO):
            hits = [a for a in before if a.first > i] or [a for a in before if 0 <= i - a.last <= 2]
            return hits[0] if hits else None
    return None


def _genitive_of_other(a: Arg, w: Window, t1: int) -> bool:
    """A definite mention governed by a noun that is no actor (زي الشرطة); not
    one governed by its premises (مبنى البرلمان, مقر الحزب): they are struck."""
    i = a.first - 1
    if i < t1 or not w[a.first].startswith(ARTICLE):
        return False
    word = w[i]
    return (word[:1].isalpha() and not word.startswith(ARTICLE) and word not in PHRASE_HEADS and word not in _PARTITIVE
            and word not in NUMBER_WORDS and word not in TARGET_PREPS and word not in LOCATIVES
            and word not in _PREMISES and not _after_complementiser(a, w))


def _origin_of(a: Arg, source: Arg, w: Window) -> bool:
    """Who the source's people are (متظاهرون من أنصار «حزب الله»): part of the
    source, not the target."""
    between = w.span(source.last + 1, a.first)
    return bool(between) and between[0] == _FROM and len(between) <= 3 and all(
        x == _FROM or x in PHRASE_HEADS or not x[:1].isalnum() for x in between)


def _speaker_of_speech(a: Arg, w: Window) -> bool:
    """The mention follows a verb of saying (قال مدير المرصد رامي عبد الرحمن "قتل ..."):
    it speaks the quotation, it does not act in it (فإن بوتين وماكرون "اتفقا" does)."""
    return any(no_conj(x) in SPEECH_VERBS for x in w.before(a.first, 4))


def _prepositional(a: Arg, w: Window) -> bool:
    """A mention in a prepositional phrase (العائد للوزير مراد, في مجمع): never a subject."""
    return w.at(a.first - 1) in PREPOSITIONS or _after_proclitic_preposition(a, w)


def _after_proclitic_preposition(a: Arg, w: Window) -> bool:
    """ل / ب on the mention's first word: the mention starts after it (لروسيا ->
    روسيا, للأمم -> الأمم) or keeps it with the article (للوزير, بالحكومة); not
    a name that begins with the letter (بي نظير بوتو, لبنان)."""
    own = w[a.first]
    first = _first_word(a) or own
    if own[:1] not in (LI, BI):
        return False
    if own != first:
        return own.endswith(first) or ALEF + own[1:] == first
    return first.startswith(PREP_ARTICLE)


def _interviewer(a: Arg, w: Window) -> bool:
    """The outlet or reporter a statement was given to (في حديث لصحيفة الخبر،
    في تصريح لمراسل الجوهرة، في مقابلة مع قناة): the channel, not an actor of the event."""
    i = a.first
    for k, n in w.positions(max(w.start, i - 5), i):
        if no_conj(n).startswith(_INTERVIEW):
            j = k + 1
            while j < i and (w[j] in TIME_WORDS or w[j] == _YESTERDAY):
                j += 1  # في تصريح اليوم الأحد لوكالة ...
            if w[j] == _WITH or w[j][:1] == LI:  # لمراسل، لصحيفة، لـ، مع
                return all(x not in CLAUSE_BREAKS for x in w.span(k, i))
    return False


def _credit(a: Arg, w: Window) -> bool:
    """The agency or writer of a credit line inside the text (عمان ـ ا ف ب:)."""
    i, j = a.first - 1, a.last + 1
    return w.start <= i and j < w.end and w[j] == ":" and w[i] in _DASHES


def _speaker(t0: int, candidates: list[Arg], w: Window) -> Arg | None:
    """The subject of the reporting verb when the event's verb has only a
    pronoun subject pointing back at it (قال حلف شمال الأطلسي إنه قتل)."""
    if t0 >= w.start + 2 and w[t0 - 2] in COMPLEMENTISERS and w[t0 - 1].endswith(_POSSESSIVE):
        t0 -= 1  # قال الجيش إن جنوده قتلوا: its soldiers
    if t0 < w.start + 1 or w[t0 - 1] not in _SPEAKER_PRONOUN and w[t0 - 1] not in COMPLEMENTISERS:
        return None
    # near, not counting a time phrase between (مصالح الأمن البولونية ،اليوم السبت ، أنها)
    near = [a for a in candidates if 1 <= t0 - 1 - a.last <= 4
            or a.last < t0 - 1 and all(_aside(x) for x in w.span(a.last + 1, t0 - 1))]
    return near[-1] if near else None


def _by_agent(a: Arg, w: Window) -> bool:
    """The agent of a passive: من قبل X, على يد X, بنيران X."""
    i = a.first
    while i >= w.start + 1 and (w[i - 1] in NUMBER_WORDS or w[i - 1].isdigit()):
        i -= 1  # من قبل عدة ضباط عراقيين
    return i >= w.start + 2 and f"{w[i - 2]} {w[i - 1]}" in _BY or i >= w.start + 1 and w[i - 1] in _BY_ONE


def _relative_agent(a: Arg, w: Window, t1: int) -> bool:
    """The subject of a relative verb with an object pronoun, at once or after
    its head noun (نفذته امرأة, شنتها طائرة أميركية); يقودها only near the
    trigger (not القوات التي يقودها الحلف further on)."""
    i = a.first
    if i - t1 <= 5 and i >= w.start + 1 and w[i - 1].startswith(_DRIVEN) and w[i - 1].endswith(_OBJECT_PRONOUN):
        return True
    for word in w.before(i, 2) + _head_then(w, i):
        verb = no_conj(word) if len(word) > 4 else word
        if verb.startswith(_RELATIVE) and verb.endswith(_OBJECT_PRONOUN) and len(verb) <= 6:
            return True
    return False


def _head_then(w: Window, i: int) -> list[str]:
    """The relative verb before "its head noun ... belonging to" (شنتها طائرة بدون
    طيار تابعة للقوات الأميركية): the word two before تابعة."""
    for k in range(max(w.start, i - 4), i):
        if w[k] in _BELONGING:
            return w.before(k, 5)
    return []


def _in_the_event(a: Arg, t0: int, w: Window) -> bool:
    """The mention is followed by في / إثر / عن ... and then the event noun
    (جورج حاوي في اعتداء, مقتل السامرائي فضلا عن مقتل): it suffered the event."""
    between = w.span(a.last + 1, t0)
    return any(x in _NO_OBJECT or x in PREPOSITIONS for x in between) or w[t0][:1] in (BI, LI) and not between


def _after_support_verb(a: Arg, w: Window) -> bool:
    """The mention is the subject of شن / نفذ / ارتكب (شن تنظيم داعش هجمات)."""
    return any(no_conj(x).startswith(_RELATIVE) for x in w.before(a.first, 2))


def _right_after(a: Arg, t1: int, w: Window) -> bool:
    """The mention follows the noun at once, or after a number (خطف 23 متطوعا)."""
    gap = w.span(t1, a.first)
    return all(x.isdigit() or x in NUMBER_WORDS for x in gap) and len(gap) <= 2


def _is_attribute(a: Arg, w: Window) -> bool:
    """An agent adjective on the event noun, agreeing in definiteness with the
    word before it (هجوم انتحاري, هجمات الأمس الانتحارية); not a definite
    genitive after an indefinite noun (مقتل التونسي: the Tunisian's death)."""
    text = normalise(a.mention.text)
    if text.startswith(ARTICLE) != w.at(a.first - 1).startswith(ARTICLE):
        return False
    return a.mention.kind == "adjective" or a.mention.kind == "agent" and " " not in a.mention.text and (
        text.endswith(_ADJECTIVE))


def _objectless(trig: TriggerMatch, after: list[Arg], w: Window) -> bool:
    """A verb of violence with nothing after it but a place, time or cause
    (قتل في, أصيب بجروح), or one mention then such a phrase: read as passive."""
    t1 = trig.token_end
    nxt = w.at(t1)
    if not nxt or not (nxt[:1].isalpha() or nxt[:1].isdigit()) or nxt in _NO_OBJECT or DAMMA in trig.text[:3]:
        return True  # nothing after it, or voweled as a passive (قُتل, وقُتلوا); a number opens an object
    if not after or after[0].first != t1:
        return False
    one = [b for b in after if b.actor is after[0].actor and b.first <= after[0].last + 4]
    j = one[-1].last + 1  # القيادي الجهادي البارز أبو الحسن التونسي: one person
    follow = w.at(j)
    return (follow in _NO_OBJECT or not follow[:1].isalpha()) and not any(
        b.actor is not after[0].actor and b.first - j <= 2 for b in after[1:]) and not _plural_verb(trig)


def _counted(a: Arg, w: Window) -> bool:
    """A mention counted by a number before it (150 مدنيا, سبعة من عناصر الشرطة)."""
    return any(x.isdigit() or x in NUMBER_WORDS for x in w.before(a.first, 3))


def _after_complementiser(a: Arg, w: Window) -> bool:
    return w.at(a.first - 1) in COMPLEMENTISERS
