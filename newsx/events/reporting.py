"""Is a trigger a concrete event report, or a mention of an event as background?

Event data needs a record per reported occurrence: a predicate of the clause,
or an eventive noun anchored by time, casualties or an agent. The same words
also name events the reader already knows (the relative-clause head in
الهجوم الذي وقع ...), events under investigation, accusation or remembrance
(التحقيق في الهجوم، اتهمت ... بالقيام بعمليات، الذكرى الثالثة لمأساة اختطاف),
events of another time (عام 1977، في الستينات), crowds the police act on
(فرقت الشرطة المتظاهرين), deaths in accidents (حادث سير) and verbal attacks
(هاجم تصريحات الوزير). These tests read one sentence (a ``Window``) around a
trigger at document tokens ``k:end``; ``newsx.events.triggers`` asks them when
it sets a match's ``reported`` flag or its type.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsx.lang.ar import lexicon
from newsx.lang.ar.clitics import ARTICLE, BI, CONJ, LI, PREP, PREP_ARTICLE, WA, without_conj, without_conjs
from newsx.lang.ar.normalise import clitic_splits
from newsx.text.window import CLAUSE_BREAKS, Window

QUOTES = frozenset({'"', "«", "»", "“", "”"})
_RELATIVE = lexicon.norms("relative_pronouns")

# Frames that make any trigger later in their clause an object of talk:
# investigation, accusation, remembrance, condemnation (lexicon list far_frames).
_FAR_FRAMES = lexicon.norms("far_frames")
# A condition earlier in the clause (إذا، لو، في حال) makes what follows hypothetical.
_CONDITIONAL = lexicon.norms("conditionals")
_IN_CASE = lexicon.word_for("event_words", "in_case")  # حال, not حالة: في حالة تأهب is "in a state of"
_AS = lexicon.word_for("event_words", "as")  # كما opens a new clause
_IN = lexicon.word_for("event_words", "in")

# A year (عام 1977، في العام 2004، سنة 1986), a decade (في الستينات), "N years ago"
# or "last year" place an event in the past; a recent time word places it now.
_YEAR_WORDS = lexicon.norms("year_words")
_DECADES = lexicon.norms("decades")
# "the last two years", "recent years": a span, not one occurrence (خلال العامين السابقين).
_YEAR_SPANS = lexicon.norms("year_spans")
_SPAN_PAST = lexicon.norms("span_past")
_YEARS_AGO = lexicon.norms("years_ago")
_BEFORE = frozenset({lexicon.word_for("event_words", "before")})
_THE_YEAR = lexicon.norms("the_year")
_LAST_YEAR = lexicon.norms("last_year_adjectives")
_RECENT = lexicon.norms("recent_words") | lexicon.norms("weekdays")
_YEAR = re.compile(r"^[(]?(19|20|١٩|٢٠)[0-9٠-٩]{2}[)]?$")

# Police and troops acting on a crowd: the crowd is their object, not a protest report.
_CROWD_CONTROL = lexicon.norms("crowd_control")
# Words that make a crowd noun a description of people, not a report: one of, the number of.
_PARTITIVE = lexicon.norms("crowd_partitives")
# A counted crowd (مئات المتظاهرين، 40 متظاهرا) is a report of a gathering.
_QUANTITY = lexicon.norms("crowd_quantities")
# Protest activity a crowd noun can be the subject of (stems, matched as prefixes).
_PROTEST_ACTS = tuple(lexicon.norms("protest_acts"))
# What the crowd of a protest already reported does: chants, banners, blocking, storming.
_ELABORATION = tuple(lexicon.norms("protest_details"))
_FEMININE_PLURAL = lexicon.word_for("noun_endings", "feminine_plural")  # التجمعات، تظاهرات: nouns, not verbs

# Traffic and other accidents: a death in one is no assault.
_ACCIDENT_AFTER = lexicon.norms("accident_nouns")
_ACCIDENT_KIND = lexicon.norms("accident_kinds")
_ACCIDENT = lexicon.norms("accidents")

# A verbal attack: هاجم + what was said or decided, or in a clause about speech, with no violence.
_STATEMENT_OBJECTS = lexicon.norms("statement_objects")
_SPEECH = lexicon.norms("speech_context")
_VIOLENCE = lexicon.norms("violence_words")
_VERBAL_ATTACK = lexicon.norms("verbal_attack_words")  # هجوما لاذعا، هجوما إعلاميا

# أرجاء ("parts of", normalised like إرجاء "postponement") after words for "all over"
_PARTS = lexicon.word_for("event_words", "throughout")  # ارجاء, ارجائه
_ALL_OVER = lexicon.norms("all_over")
_POSTPONEMENT = lexicon.word_for("event_words", "postponement")  # إرجاء itself after في
# لقاء is also "in exchange for" before what is paid (لقاء مبلغ، لقاء فدية).
_PAYMENT = lexicon.norms("payment_words")


_PRONOUNS = lexicon.words("third_person_pronouns")  # tried in file order: هما before ه


@lru_cache(maxsize=50_000)
def stems(n: str) -> frozenset[str]:
    """Clitic readings of a token, with a pronoun suffix peeled (اتهمته -> اتهمت);
    cached, since every test here reads the stems of the words around each trigger.
    Each reading is an end of the token (or ا before one long enough to hold
    a suffix), so a token without a pronoun ending has none to peel."""
    splits = clitic_splits(n)
    if not n.endswith(_PRONOUNS):
        return frozenset([s for _, s in splits])
    out = set()
    for _, s in splits:
        out.add(s)
        for suf in _PRONOUNS:
            if s.endswith(suf) and len(s) - len(suf) >= 3:
                out.add(s[: -len(suf)])
                break
    return frozenset(out)


def far_frame(w: Window, k: int, n: int = 12) -> bool:
    """An investigation, accusation, remembrance or condemnation earlier in the
    trigger's clause (التحقيقات في الهجوم، اتهمت ... بالقيام بعمليات تطهير)."""
    return any(stems(t) & _FAR_FRAMES for t in w.clause_before(k, n))


def conditional(w: Window, k: int, n: int = 10) -> bool:
    """A conditional earlier in the trigger's clause (في حال تعرض إيران لهجوم،
    «اذا كان واضحا انهما قتلا»، لو رأى ... لن يرتكب جريمتي قتل): a hypothesis."""
    back = w.clause_before(k, n)
    for i in range(len(back) - 1, -1, -1):
        word = without_conj(back[i])
        if word in _CONDITIONAL or back[i] in _CONDITIONAL or (word == _IN_CASE and i > 0 and back[i - 1] in (_IN, WA + _IN)):
            return True
        if word in _SUBORDINATORS or word == _AS:
            return False  # a new clause (كما توعدتها ...) is outside the condition
    return False


def relative_head(w: Window, k: int, end: int, definite: bool) -> bool:
    """A definite event noun whose relative clause describes it (الهجوم الذي
    وقع ...، التفجيرات الانتحارية التي ...): the writer recalls a known event."""
    if not definite:
        return False
    for t in [x for x in w.after(end, 5) if x not in QUOTES][:3]:
        if t in _RELATIVE or (t[:1] == WA and t[1:] in _RELATIVE):
            return True
        if not t.startswith(ARTICLE) or t in CLAUSE_BREAKS:
            return False  # only adjectives (الانتحاري، الارهابية) may stand between
    return False


_DEMONSTRATIVES = lexicon.norms("demonstratives")
# how a definite noun before a relative pronoun opens: الهجوم، للهجوم، بالهجوم، والهجوم
_DEFINITE_HEAD = (ARTICLE, *PREP_ARTICLE, WA + ARTICLE)


def demonstrative(w: Window, k: int) -> bool:
    """A demonstrative just before an event noun (بهذا الاحتجاج، تلك العملية)
    points back to an event already told."""
    if k == w.start:
        return False
    t = w[k - 1]
    return t in _DEMONSTRATIVES or (t[:1] in CONJ + (BI, LI) and t[1:] in _DEMONSTRATIVES)


def clause_subject(w: Window, k: int, plen: int) -> bool:
    """The event noun opens its clause, as the subject the clause reports on
    (وهذا الهجوم الذي بدأ قبل شهرين أوقع ...): at the sentence or clause
    start, with no preposition on it. After إن/أن it is what a speaker talks
    about (قال إن المظاهرة التي ... تم احتواؤها), which stays a mention."""
    prefix = w[k][:plen]
    if any(c in PREP for c in (prefix.removesuffix(ARTICLE))):
        return False
    i = k - 1
    if i >= w.start and (w[i] in _DEMONSTRATIVES or (w[i][:1] in CONJ and w[i][1:] in _DEMONSTRATIVES)):
        i -= 1
    while i >= w.start and w[i] in QUOTES:
        i -= 1
    return i < w.start or w[i] in CLAUSE_BREAKS


def in_relative_clause(w: Window, k: int, n: int = 8) -> bool:
    """The trigger stands in a relative clause on a definite noun earlier in
    its clause (الاعتداء الذي وقع مطلع الاسبوع وأدى الى مقتل 16 شرطيا), or on
    no noun at all after a preposition (تعويضا عن الذين قتلوا في الاعتداءات): it
    describes what it is attached to, it does not report a new event. After a
    comma (انفجار حافلة الدرك، الذي أدى إلى مقتل رقيب) news often tells the
    event's outcome, so that clause is left to the other tests."""
    back = w.clause_before(k, n)
    for i in range(len(back) - 1, 0, -1):
        t = back[i]
        if t in _SUBORDINATORS or (t[:1] in CONJ and t[1:] in _SUBORDINATORS):
            return False  # a new clause (الحادث الذي وقع عندما انفجرت قنبلة) reports its own event
        if t in _RELATIVE or (t[:1] == WA and t[1:] in _RELATIVE):
            return back[i - 1].startswith(_DEFINITE_HEAD) or back[i - 1] in _PREPOSITIONS
    return False


# A past light or success verb with the preposition that links it to the masdar it governs: the
# masdar is what was done (قام ... بإطلاق ثلاثة صواريخ، نجح في قتل العشرات، تمكنوا من اغتيال).
_ACCOMPLISH = lexicon.mapping("accomplish_verbs")
LIGHT_VERBS = frozenset(_ACCOMPLISH)
# لم يتورع / لم يتردد عن (did not hesitate to): a negated hesitation asserts the act.
NOT_HESITATE = lexicon.norms("hesitation_verbs")
_HESITATE_LINK = lexicon.norms("hesitation_links")
_DID_NOT = lexicon.word_for("event_words", "did_not")


def accomplished(w: Window, k: int, plen: int) -> bool:
    """A masdar governed by a past light or success verb (قام من فيها بإطلاق،
    نجح الجيش في قتل) or a negated hesitation (لم يتورع ... عن إحراق نفسه)
    reports the act, as تم + masdar does; alone it would need an anchor."""
    back = w.clause_before(k, 6)
    link = BI if BI in w[k][:plen] else (back[-1] if back else "")
    for i, t in enumerate(back[:-1] if link != BI else back):
        verb = t[1:] if t[:1] in CONJ and t[1:] in _ACCOMPLISH else t
        if _ACCOMPLISH.get(verb) == link:
            # not after a relative (كل من قام باعتداء، الذي قام بتفجير): whoever did it is described
            return i == 0 or back[i - 1] not in _RELATIVE | lexicon.norms("indefinite_relatives")
        if link in _HESITATE_LINK and verb in NOT_HESITATE and i > 0 and without_conjs(back[i - 1]) == _DID_NOT:
            return True
    return False


_PREPOSITIONS = lexicon.norms("prepositions_before_relative")
_SUBORDINATORS = lexicon.norms("subordinators")
_RECENT_AFTER_SINCE = lexicon.norms("since_recent") | lexicon.norms("weekdays")


def cumulative(w: Window, end: int) -> bool:
    """منذ after the trigger in its clause (قتل 76 صحافيا منذ الغزو، خطفوا منذ
    عام 2004): a running total since a past point, not one occurrence; unless
    that point is hours or days ago (منذ الصباح)."""
    for i, t in enumerate(w.after(end, 5)):
        if t in CLAUSE_BREAKS:
            return False
        if lexicon.has("since", t):
            nxt = [x for x in w.span(end + i + 1, end + i + 3) if x not in ("(", ")")]
            return not (nxt and (nxt[0] in _RECENT_AFTER_SINCE or (len(nxt) > 1 and nxt[1] in _RECENT_AFTER_SINCE)))
    return False


def _is_year(t: str) -> bool:
    return bool(_YEAR.match(t))


_TIME_WORDS = _YEAR_WORDS | _DECADES | _BEFORE | _THE_YEAR | _YEAR_SPANS | _RECENT  # each mark starts with one
_NO_TIME_WORDS: frozenset[str] = frozenset()  # one object kept for the many tokens with none


@lru_cache(maxsize=100_000)
def _time_stems(t: str) -> frozenset[str]:
    """The readings of a token (its stems, and itself out of brackets) that may
    open a time expression: most tokens have none, and ``_time_marks`` skips them."""
    return (stems(t) | {t.strip("()")}) & _TIME_WORDS or _NO_TIME_WORDS


def _time_marks(w: Window, lo: int, hi: int) -> list[tuple[int, bool]]:
    """(position, historic?) of the time expressions starting at tokens ``lo`` to ``hi`` of the sentence."""
    marks: list[tuple[int, bool]] = []
    for i, n in w.positions(max(w.start, lo), min(hi, w.end)):
        st = _time_stems(n)
        if not st:
            continue
        rest = [x.strip("()") for x in w.span(i + 1, i + 3) if x.strip("()")]
        nxt = rest[0] if rest else ""
        if st & _YEAR_WORDS and _is_year(nxt) or st & _DECADES or st & _BEFORE and i + 1 < w.end and (
            w[i + 1] in _YEARS_AGO or (i + 2 < w.end and w[i + 2] in _YEARS_AGO)
        ) or st & _THE_YEAR and nxt in _LAST_YEAR or st & _YEAR_SPANS and nxt in _SPAN_PAST:
            marks.append((i, True))
        elif st & _RECENT:
            marks.append((i, False))
    return marks


def historic(w: Window, k: int, end: int, reach: int = 12) -> bool:
    """The time expression nearest the trigger (within ``reach`` tokens) is a
    past year, decade or "years ago", not a recent day (قتل جندي في حادث سير
    عام 2003؛ في الستينات تبنت محاولة تفجير)."""
    best: tuple[int, bool] | None = None
    for i, hist in _time_marks(w, k - reach, end + reach):  # nothing further is within reach
        if i >= end and not hist and w[i][:1] == WA and w[i][1:] in _RECENT:
            continue  # واليوم after the trigger opens a new clause (العام الماضي قتلوا اولادي واليوم ...)
        d = k - i if i < k else i - end + 1 if i >= end else 0
        if d <= reach and (best is None or d < best[0]):
            best = (d, hist)
    return best is not None and best[1]


# animals as a killing's victims: no event between actors
_ANIMALS = lexicon.norms("animals")
_ZOO = lexicon.norms("zoo")


def accident(w: Window, k: int, end: int) -> bool:
    """A traffic or natural accident near a killing word (قتل جندي في حادث سير),
    or animals as its victims (قتل وحيد قرن أبيض فى حديقة حيوانات)."""
    window = w.before(k, 6) + w.span(k, end + 6)
    if any(stems(t) & _ANIMALS for t in w.after(end, 3)):
        return True
    for i, t in enumerate(window):
        st = stems(t)
        if st & _ACCIDENT or st & _ZOO:
            return True
        if st & _ACCIDENT_AFTER and i + 1 < len(window) and stems(window[i + 1]) & _ACCIDENT_KIND:
            return True
    return False


def crowd_reported(w: Window, k: int, end: int) -> bool:
    """A crowd noun (المتظاهرون، محتجين) reports a protest when counted (مئات
    المتظاهرين، 40 متظاهرا) or the subject of protest activity (تجمع المتظاهرون،
    متظاهرون خرجوا), not when police act on it (لتفريق المتظاهرين) or it is
    described (أحد المتظاهرين، عدد المتظاهرين، اشتباكات بين الشرطة ومتظاهرين)."""
    before = w.clause_before(k, 4)
    near = before[-3:]
    if any(stems(t) & _CROWD_CONTROL for t in near):
        return False
    if near and stems(near[-1]) & _PARTITIVE:
        return False
    counted = any(any(c.isdigit() for c in t) or stems(t) & _QUANTITY for t in before[-2:])
    acts = any(_gathering(t) for t in near + w.after(end, 2))
    return gathering_near(w, k, end) and (counted or acts)


def gathering_near(w: Window, k: int, end: int) -> bool:
    """A gathering, march or strike near a crowd or a chant: chants, banners,
    blocked roads alone (وهتف المتظاهرون، ورفع متظاهرون لافتات، ردد اكثر من الف
    شخص «الموت لـ...») detail a protest told elsewhere, as the GSR reads them."""
    return any(_gathering(t) for t in w.before(k, 4) + w.span(k, end + 5))


def _gathering(t: str) -> bool:
    """A protest verb that gathers a crowd (تجمع، خرجوا), not one that details a protest (هتفوا)."""
    return _act(t) and not _act(t, _ELABORATION)


def _act(t: str, acts: tuple[str, ...] = _PROTEST_ACTS) -> bool:
    """A protest verb (تجمع، خرجوا); not a plural noun of the same root (التجمعات، تظاهرات)."""
    for s in stems(t):
        if s.endswith(_FEMININE_PLURAL):
            continue
        for v in acts:
            if s == v or (s.startswith(v) and len(s) - len(v) <= 2 and not s.startswith(ARTICLE)):
                return True
    return False


def verbal_attack(w: Window, k: int, end: int) -> bool:
    """هاجم / هجوم in the sense "criticise": an adjective of words just after it
    (هجوما لاذعا), what was said or decided is its object (هاجم تصريحات الوزير),
    or the clause is about speech (انتقد، في حوار) and no weapon, casualty or
    armed force is in sight."""
    if any(n in _VERBAL_ATTACK for n in w.span(k + 1, k + 4)):
        return True
    if any(stems(t) & _VIOLENCE for t in w.norms):
        return False
    if end < w.end and stems(w[end]) & _STATEMENT_OBJECTS:
        return True
    return any(stems(t) & _SPEECH for t in w.clause_before(k, 8) + w.after(end, 14))


def payment_sense(w: Window, k: int, end: int) -> bool:
    """لقاء مبلغ / لقاء فدية: "in exchange for", no meeting."""
    nxt = w.after(end, 2)
    return bool(nxt) and (bool(stems(nxt[0]) & _PAYMENT) or any(c.isdigit() for c in nxt[0]))


def throughout(w: Window, k: int, end: int) -> bool:
    """في كافة أرجاء البلاد, في أرجائه: "throughout" (أرجاء, plural of رجا),
    which normalises like إرجاء (postponement)."""
    head = w[k]
    if not head.startswith(_PARTS) or k == w.start:
        return False
    return w[k - 1] in _ALL_OVER or w[k - 1] == _IN and head != _POSTPONEMENT


def no_need(w: Window, k: int, end: int) -> bool:
    """لا داعي: "there is no need", no appeal."""
    return w.has("no", k - 1)


# Sense checks a trigger row (curated_triggers.tsv) or an event type (types.tsv) names in its
# ``sense`` column: when one holds, the word is not an event of that type (or, for a row's
# "check:CAMEO", an event of that code instead).
SENSES = {"accident": accident, "payment": payment_sense, "no_need": no_need, "throughout": throughout,
          "verbal_attack": verbal_attack}
