"""Date expressions in Arabic news, resolved against the document date.

Why own rules: news idioms (أمس الإثنين, أوائل ديسمبر المقبل, ديسمبر (كانون الأول)
المقبل, Hijri months, the Levantine and Maghrebi month names) are beyond general
date parsers. One compiled regex runs over the matching form of the text
(``normalise``), so diacritics, tatweel, alef variants and proclitics (وأمس,
بالأمس, لـ27) need no extra patterns; spans are mapped back through
``normalise_with_map`` and always point into the original text.

Every word the patterns name comes from the lexicon (``newsx/data/lexicon/dates.tsv``
and ``grammar.tsv``, normalised at load); the code spells only the structure: digits,
punctuation, and the clitic letters of ``newsx.lang.ar.clitics``.

Resolution conventions (choices, not facts of the language):
- a bare weekday (الأحد, يوم الأحد, مساء الأحد) is the most recent such day on or
  before the document date, since news mostly reports what happened, unless a
  future marker (سوف, من المقرر, سيتوجه...) precedes it in the sentence: then the
  next such day on or after it; with الماضي it is strictly before, with
  المقبل/القادم strictly after;
- a weekday named with أمس/اليوم/غدا is the named day nearest that anchor, so a
  paper dated the morning after still resolves أمس الإثنين to the Monday;
- a month, or a day and month, with no year and no الماضي/المقبل is its latest
  occurrence starting no more than three months after the document date (the
  coming one if a future marker precedes);
- weeks run Monday to Sunday (ISO); parts of a month are days 1-10 (أوائل,
  مطلع, بداية), 11-20 (أواسط, منتصف) and 21-end (أواخر, نهاية); parts of a year
  are January-April, May-August and September-December;
- Hijri dates use the tabular (arithmetic) Islamic calendar, which can be a day
  or two off the sighting-based calendars states announce.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsx.lang.ar import lexicon
from newsx.lang.ar.clitics import ARTICLE, CONJ, PREP, PRESENT_PREFIXES, SA
from newsx.lang.ar.letters import is_mark
from newsx.lang.ar.normalise import normalise, normalise_with_map

_D = _dt.date
_DAY = _dt.timedelta(days=1)
_SENTENCES_KEPT = 1024  # sentences whose dates find_dates keeps (a long article's worth)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: span in the original text plus its resolution."""

    start: int
    end: int
    text: str
    resolved: str | None
    granularity: str  # 'day' | 'week' | 'month' | 'year' | 'range' | 'time'


# -- vocabulary (newsx/data/lexicon/dates.tsv and grammar.tsv, normalised) ---

def _values(name: str, kind: type = int) -> dict[str, Any]:
    """A lexicon list's normalised words with their values read as ``kind``."""
    return {w: kind(v) for w, v in lexicon.mapping(name).items()}


def _month(value: str) -> tuple[str, int]:
    """``g3`` -> ('g', 3): the calendar (Gregorian or Hijri) and the month number."""
    return value[0], int(value[1:])


def _unit(value: str) -> tuple[str, int]:
    """``week 2`` -> ('week', 2): the unit and the count the word says (0: a plural)."""
    unit, count = value.split()
    return unit, int(count)


def _words_before(name: str) -> re.Pattern[str]:
    """A list's words right before a position (up to non-word characters)."""
    words = sorted(r"\W+".join(map(re.escape, w.split())) for w in lexicon.norms(name))
    return re.compile("(?:" + "|".join(words) + r")\W*$")


_MONTHS = _values("months", _month)
# Names that are also ordinary words or names (the verb مارس, أب "father",
# Theresa May, Nissan, Tammuz, رجب طيب, zero...): months only with context.
_AMBIGUOUS = lexicon.norms("ambiguous_months")
_AMBIGUOUS_AS = lexicon.mapping("ambiguous_months")  # ماي: person, صفر: number
_WEEKDAYS = _values("weekdays")
_REL = _values("relative_time")
_FUZZY = _values("month_parts")
# meteorological seasons: first month, in the northern hemisphere (winter starts in
# the December before its year: شتاء 2018 is December 2017 to February 2018)
_SEASONS = _values("seasons")
_TIME_OF_DAY = lexicon.norms("times_of_day")
_REL_DAY = _values("relative_days")
_ORD_UNITS = _values("ordinals")
# عشر, العشرين, الثلاثين; after a unit, twenty and thirty take و (الحادي والعشرين)
_TENS = _values("ordinal_tens")
_TEEN = next(w for w, v in _TENS.items() if v == 10)
_DECADES = [w for w, v in _TENS.items() if v > 10]
_TENS |= {CONJ[0] + w: _TENS[w] for w in _DECADES}
_WEEK_ORD = _values("week_ordinals")  # -1: the last week
_PERIOD_UNITS = _values("period_nouns", str)  # الأسبوع -> week ...
_WEEK = next(w for w, unit in _PERIOD_UNITS.items() if unit == "week")
_PLURAL_REL = _values("plural_relative")
_SIDES = _values("earlier_later")
_RANGE_PREPS = {w for w, v in lexicon.mapping("year_prepositions").items() if v == "range"}
_YEAR_MARKS = lexicon.mapping("year_marks")  # calendar: h or g
_TODAY = lexicon.word_for("relative_days", "0")
_MONDAY = lexicon.word_for("weekdays", "0")  # also "the two": بين الاثنين
_DAY_NEEDED = lexicon.norms("day_needed")  # غد, الغد: dates only after يوم or a time of day
_NOT_AFTER_PREP = lexicon.norms("not_after_preposition")  # لامس "touched"
_WORD = {role: w for w, role in lexicon.mapping("date_words").items()}
_FROM = lexicon.word_for("particles", "from")
_NUM_WORDS = _values("number_words")
# unit word -> (unit, count when the word itself says it: يومين = 2 days)
_UNITS = _values("duration_units", _unit)
# how far a vague plural reaches (الأسابيع المقبلة): in days
_VAGUE_DAYS = {"hour": 1, "day": 7, "week": 28, "month": 90, "year": 730}
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7}
_NEAR_FUTURE = _dt.timedelta(days=92)

# A day and month right after these words names an event, a bloc or a street
# (ثورة 25 يناير, قوى 14 آذار, هجمات 11 سبتمبر), not a date of this news.
_NAMED_BEFORE = _words_before("date_names_before")
# العام is also "general": الأمين العام المقبل is the next secretary-general.
_GENERAL_BEFORE = _words_before("general_titles")
# في مارس, خلال رمضان: after a preposition these are months (a verb cannot
# follow في); ماي, رجب and صفر still need a number or شهر.
_PREP_BEFORE = re.compile(r"(?:^|\W)[" + "".join(CONJ) + "]?" + _words_before("month_prepositions").pattern)
_NEVER_AFTER_PREP = lexicon.norms("months_never_after_preposition")
# ماي is also Theresa May.
_MAY_PERSON_BEFORE = _words_before("may_person")
# ذلك اليوم "that day", في مثل هذا اليوم "on this day (in history)"
_THAT_DAY_BEFORE = _words_before("that_day")
_BOTH_BEFORE = _words_before("both")
# سوق الاثنين, سوق الأحد...: market towns named after their market day.
_MARKET_BEFORE = _words_before("market")
# -- the pattern ------------------------------------------------------------

_S = r"[^\S\n]+"
_OS = r"[^\S\n]*"


def _alt(words) -> str:
    """Regex alternation of phrases, factored by shared prefixes (a trie), so
    the engine tests each letter once instead of every word in turn; longer
    words win; a space matches a run of blanks."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [(_S if ch == " " else re.escape(ch)) + _trie_regex(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")


# A plain weekday after these, in the same sentence, is the coming one:
# سيتوجه روحاني الأربعاء, من المقرر أن يصوت المجلس الجمعة.
_FUTURE_BEFORE = re.compile(
    r"(?:^|[^\w])(?:[" + "".join(CONJ) + "]?(?:"
    + _alt(lexicon.norms("future_particles") | lexicon.norms("future_words"))
    + "|" + _alt(lexicon.norms("future_stems")) + r"\w*)"
    r"|[" + "".join(CONJ) + "]?" + SA + "[" + "".join(PRESENT_PREFIXES) + "](?:"
    + _alt(v[1:] for v in lexicon.norms("future_verbs")) + "))"  # the verbs' person prefix is any of PRESENT_PREFIXES
    r"(?:[^\w.!?؟\n]+[^\s.!?؟\n]+){0,7}[^\w.!?؟\n]*$"
)

_MONTH = _alt(_MONTHS) + r"(?![^\W\d])"  # أغسطس2017: a year may follow unspaced
_WD = _alt(_WEEKDAYS) + r"(?!\w)"
_RELW = _alt(_REL) + r"(?!\w)"
_FZ = _alt(_FUZZY) + r"(?!\w)"
_TOD = _alt(_TIME_OF_DAY) + r"(?!\w)"
_ORD = (r"(?:(?:" + _alt(w for w, v in _ORD_UNITS.items() if v < 10) + _S
        + _alt(w for w in _TENS if w not in _DECADES) + ")"
        r"|" + _alt(_DECADES) + "|" + _alt(_ORD_UNITS) + r")(?!\w)")
_NUM = r"(?<!\d)\d{1,2}(?!\d)"
_YEAR = r"(?<![\d/.-])\d{4}(?![\d/])"
_HIJRI_MARK = _alt(w for w, cal in _YEAR_MARKS.items() if cal == "h") + r"(?!\w)"
_AD_MARK = _alt(w for w, cal in _YEAR_MARKS.items() if cal == "g") + r"(?!\w)"
_UNIT_WORDS = _alt(_UNITS) + r"(?!\w)"
_YEAR_WORD = _alt(lexicon.norms("year_forms")) + "(?:" + _S + _alt(lexicon.norms("calendar_adjectives")) + r"(?!\w))?"
_YEARS = _alt(w for w, unit in _PERIOD_UNITS.items() if unit == "year")  # العام, السنة
_PREP = _alt(lexicon.norms("year_prepositions"))
_TO = _OS + r"(?:-|–|" + _alt(lexicon.norms("range_words")) + ")" + _OS  # 7 و8, 24 وحتى 26, 1975-1990
# a bare year after these names the year of an event: انتخابات 2016, حرب 1948 (not a plan's
# target year, which is part of its name: رؤية 2030, خطة 2025)
_YEAR_NOUNS = lexicon.norms("year_nouns")


def _week_ord(name: str) -> str:
    """الأسبوع الأول من ... with the ordinal captured as ``name``."""
    return _WEEK + _S + r"(?P<" + name + r">" + _alt(_WEEK_ORD) + ")" + _S + _FROM + _S


# calendar: [weekday] [day | ordinal من | fuzzy | أول | week ordinal] [شهر] MONTH [(ALT)] [year | rel]
_CAL = (
    r"(?P<cal>(?:"
    r"(?:(?:" + _TOD + _S + r")?" + _alt(lexicon.norms("days_before_weekday")) + _S + r")?"
    r"(?:(?:" + _WORD["day"] + _S + r")?(?P<cwd>" + _WD + r")(?:" + _S + _RELW + r")?" + _OS + r"[،,]?" + _OS
    + r"(?:\(?" + _OS + r")?(?:" + _WORD["corresponding"] + _S + r")?)?"
    r"(?:" + _alt((_WORD["day"], _WORD["two_days"])) + _S + r")?(?:(?:" + ARTICLE + _OS + r")?(?P<cday>" + _NUM + r")"
    r"(?:" + _TO + r"(?P<cday2>" + _NUM + r"))?(?:" + _S + _FROM + r"(?=" + _S + r")|" + _OS + r"/(?!\d))?"
    r"|(?P<cord>" + _ORD + r")" + _S + _FROM + r")" + _OS
    + r"|(?P<cfz>" + _FZ + r")" + _S + r"(?:" + _FROM + _S + r")?"
    r"|(?P<cfirst>" + _alt(lexicon.norms("month_firsts")) + r")" + _S
    + r"|" + _week_ord("cwo")
    + r")?(?:(?P<cshahr>" + _WORD["month"] + r")" + _OS + r")?"
    r"(?P<cmon>" + _MONTH + r")(?:" + _S + _alt(lexicon.norms("month_epithets")) + r"(?!\w))?"
    r"(?:" + _OS + r"\(" + _OS + r"(?P<calt>" + _MONTH + r")" + _OS + r"\)"
    r"|(?:" + _OS + r"[/-]" + _OS + r"|" + _S + r")(?P<calt2>" + _MONTH + r"))?"
    r"(?:(?:" + _OS + r"[،,]?" + _S + r"|" + _OS + r")"
    r"(?:(?:" + _FROM + _S + r")?(?:(?:" + lexicon.word_for("this", "m") + _S + r")?" + _YEAR_WORD + _S + r")?"
    r"(?P<cyr>" + _YEAR + r")"
    r"(?:" + _OS + r"(?:(?P<chij>" + _HIJRI_MARK + r")|" + _AD_MARK + r"))?"
    r"|(?:" + _FROM + _S + r")?" + _YEARS + _S + r"(?P<cyrel>" + _RELW + r")"
    r"|(?:" + _FROM + _S + r")?(?P<cthis>" + _alt(lexicon.norms("this_year")) + r")"
    r"|(?P<crel>" + _RELW + r")))?)"
)
_NUMERIC = (
    r"(?P<num>(?<![\d/.-])(?:(?P<ny>\d{4})(?P<ns1>[/.-])(?P<nm>\d{1,2})(?P=ns1)(?P<nd>\d{1,2})"
    r"|(?P<nd2>\d{1,2})(?P<ns2>[/.-])(?P<nm2>\d{1,2})(?P=ns2)(?P<ny2>\d{4}))(?![\d/.-]))"
)
_YEAR_ALT = (
    r"(?:(?P<yp>" + _PREP + r")" + _S + r"|(?P<yn>" + _alt(_YEAR_NOUNS) + r")" + _S + r")?"
    r"(?P<yr>(?:(?P<yfz>" + _FZ + r")" + _S + r"(?:" + _FROM + _S + r")?(?:" + _YEAR_WORD + _S + r")?"
    r"|(?P<ykw>" + _YEAR_WORD + r")" + _S + r"|(?P<ytwo>" + _alt(lexicon.norms("two_years")) + r")" + _S
    + r"|(?:" + ARTICLE + r")?(?P<ysea>" + _alt(_SEASONS) + r")" + _S + r"(?:" + _FROM + _S + r")?"
    r"(?:" + _YEAR_WORD + _S + r")?)?"
    r"(?P<yy>" + _YEAR + r")(?:" + _OS + r"(?:(?P<yh>" + _HIJRI_MARK + r")|" + _AD_MARK + r"))?"
    r"(?:(?<=\d)" + _TO + r"(?:" + _alt(lexicon.norms("range_year_words")) + _S + r")?(?P<yy2>\d{4}(?![\d/])))?)"
)
_PERIOD = (
    r"(?P<per>(?:(?P<pfz>" + _FZ + r")" + _S + r"(?:" + _FROM + _S + r")?|" + _week_ord("pwo")
    + r"|" + _WORD["time"] + _S + r"(?P<pside>" + _alt(_SIDES) + r")" + _S + _FROM + _S
    + r"|(?P<pord>" + _ORD + r")" + _S + _FROM + _S
    + r"|(?:" + _WORD["day"] + _S + r")?(?:" + ARTICLE + _OS + r")?(?P<pnum>" + _NUM + r")"
    + r"(?:" + _TO + r"(?P<pnum2>" + _NUM + r"))?" + _S + _FROM + _S + r")?"
    r"(?:(?P<pth>" + _alt(lexicon.norms("this")) + r")" + _S + r")?"
    r"(?P<pu>" + _alt(_PERIOD_UNITS) + "|" + ARTICLE + _alt(_SEASONS) + r")(?!\w)"
    r"(?!" + _S + _alt(lexicon.norms("itself")) + r"(?!\w))"
    r"(?:" + _S + r"(?P<pr>" + _RELW + r"))?)"
)
_PLURAL = (
    r"(?P<plu>" + ARTICLE + r"(?:(?P<pln>\d+)" + _OS + r"(?P<plu1>" + _UNIT_WORDS + r")"
    r"|(?P<plu2>" + _alt(w for w in _UNITS if _UNITS[w][1] != 1) + r")(?:" + _S + ARTICLE + r"(?P<pln2>\d+))?)"
    r"(?:" + _S + _WORD["few"] + r")?" + _S
    + r"(?P<pld>" + _alt(_PLURAL_REL) + r")(?!\w))"
)
# اليوم followed by these is "the day" (اليوم الثاني, اليوم الوطني), not today.
_DAY_ADJECTIVES = set(_ORD_UNITS) | lexicon.norms("day_adjectives")
_REL_DAY_ALT = (
    r"(?P<rel>(?:(?P<rtod>" + _TOD + r")" + _S + r"|(?P<ryawm>" + _WORD["day"] + r")" + _S + r")?"
    r"(?P<rw>" + _alt(_REL_DAY) + r")(?!\w)"
    r"(?!" + _S + _WORD["need"] + r")"  # في أمسّ الحاجة "in dire need"
    r"(?!" + _S + _alt(_DAY_ADJECTIVES) + r"(?!\w))"
    r"(?:" + _OS + r"[،,]?" + _OS + r"\(?" + _OS + r"(?P<rwd>" + _WD + r")(?:" + _OS + r"\))?)?)"
)
_WEEKDAY_ALT = (
    r"(?P<wd>(?:(?:" + _TOD + r"|" + _WORD["day"] + r")" + _S + r")?(?P<wdn>" + _WD + r")(?!" + _S + _TEEN + r"(?!\w))"
    r"(?:" + _S + r"(?P<wdr>" + _RELW + r"))?)"
    r"(?!" + _S + _alt(lexicon.norms("story_time")) + r"(?!\w))"  # يوم الأحد التالي: story time
)
_AGO = (
    r"(?P<ago>" + _alt(lexicon.norms("ago_words")) + _S + r"(?:" + _alt(lexicon.norms("about_words")) + _S + r")?"
    r"(?:(?P<an>\d{1,3}|" + _alt(_NUM_WORDS) + r")" + _S + r")?(?P<au>" + _UNIT_WORDS + r")"
    r"(?!" + _S + r"(?:" + lexicon.word_for("particles", "only") + _S + r")?"
    r"(?:" + _alt(lexicon.norms("not_ago_before")) + r"|\d|" + ARTICLE + r"))(?!" + _OS + r"\d))"
)

# Every mention starts with one of these words (or a digit): a cheap lookahead
# on them keeps the full alternation away from most word starts.
_FIRST_WORDS = {w.split()[0] for table in (
    _MONTHS, _WEEKDAYS, _FUZZY, _REL_DAY, _ORD_UNITS, _UNITS, _TIME_OF_DAY, _SEASONS, _PERIOD_UNITS, _DECADES,
    [_WORD[r] for r in ("day", "two_days", "month", "time")],
    *map(lexicon.norms, ("month_firsts", "two_years", "year_forms", "ago_words")),
) for w in table} | {ARTICLE + w for w in (*_SEASONS, *_UNITS)}
# ... and these only before a number or one of them: a year's preposition or noun (في 2015,
# انتخابات 2016) and هذا of a period (هذه السنة); most of them are common words (في, من)
_BEFORE_DATES = (lexicon.norms("year_prepositions") | _YEAR_NOUNS | lexicon.norms("this")) - _FIRST_WORDS
_PATTERN = re.compile(
    r"(?<!\w)[" + "".join(CONJ) + "]?[" + "".join(PREP) + r"]?(?=\d|" + ARTICLE + _OS + r"\d|" + _WORD["month"] + "|"
    + _alt(_FIRST_WORDS) + r"(?!\w)|" + _alt(_BEFORE_DATES) + _S + r"(?:\d|" + _alt(_FIRST_WORDS) + r"))(?:"
    + "|".join((_CAL, _NUMERIC, _YEAR_ALT, _PERIOD, _PLURAL, _REL_DAY_ALT, _WEEKDAY_ALT, _AGO))
    + r")(?!\w)"
)


# -- calendars ----------------------------------------------------------------

_HIJRI_EPOCH = _D(622, 7, 19).toordinal()  # 1 Muharram 1 AH (civil epoch)


def hijri_to_date(year: int, month: int, day: int) -> _D:
    """Gregorian date of a Hijri date in the tabular Islamic calendar."""
    return _D.fromordinal(
        _HIJRI_EPOCH + (year - 1) * 354 + (3 + 11 * year) // 30
        + (59 * (month - 1) + 1) // 2 + day - 1
    )


def _hijri_month_length(year: int, month: int) -> int:
    if month % 2 or (month == 12 and (14 + 11 * year) % 30 < 11):
        return 30
    return 29


def date_to_hijri(day: _D) -> tuple[int, int, int]:
    """Tabular Hijri (year, month, day) of a Gregorian date."""
    year = (day.toordinal() - _HIJRI_EPOCH) * 30 // 10631 + 1
    while hijri_to_date(year, 1, 1) > day:
        year -= 1
    while hijri_to_date(year + 1, 1, 1) <= day:
        year += 1
    month = 1
    while month < 12 and hijri_to_date(year, month + 1, 1) <= day:
        month += 1
    return year, month, (day - hijri_to_date(year, month, 1)).days + 1


def _month_span(cal: str, year: int, month: int) -> tuple[_D, _D]:
    if cal == "h":
        return (hijri_to_date(year, month, 1),
                hijri_to_date(year, month, _hijri_month_length(year, month)))
    return _D(year, month, 1), _D(year, month, calendar.monthrange(year, month)[1])


def _day_of(cal: str, year: int, month: int, day: int) -> _D | None:
    if day < 1:
        return None
    try:
        if cal == "h":
            return hijri_to_date(year, month, day) if day <= _hijri_month_length(year, month) else None
        return _D(year, month, day)
    except ValueError:
        return None


def _add_months(day: _D, k: int) -> _D:
    """First day of the month ``k`` months from ``day``'s month."""
    n = day.year * 12 + day.month - 1 + k
    return _D(n // 12, n % 12 + 1, 1)


def _season(year: int, first_month: int) -> tuple[_D, _D]:
    """The three months of a season named with ``year``."""
    start = _D(year - 1, 12, 1) if first_month == 12 else _D(year, first_month, 1)
    return start, _add_months(start, 3) - _DAY


# -- resolution -------------------------------------------------------------

_Res = tuple[str, _D, _D] | tuple[str, None, None]  # granularity, first, last day


def _fmt(res: _Res) -> str | None:
    gran, a, b = res
    if a is None or b is None:
        return None
    if gran == "day" or (gran == "time" and a == b):
        return a.isoformat()
    if gran == "month":
        return a.isoformat()[:7]
    if gran == "year":
        return a.isoformat()[:4]
    return f"{a.isoformat()}/{b.isoformat()}"


def _part(a: _D, b: _D, unit: str, part: int) -> tuple[_D, _D]:
    """Beginning/middle/end third of a week, month or year span."""
    if unit == "year":
        return _D(a.year, 4 * part + 1, 1), _D(a.year, 4 * part + 4, 1) + _dt.timedelta(
            days=calendar.monthrange(a.year, 4 * part + 4)[1] - 1)
    step = 2 if unit == "week" else 10
    lo = a + _dt.timedelta(days=step * part)
    return lo, (b if part == 2 else lo + _dt.timedelta(days=step - 1))


def _week_of(a: _D, b: _D, which: str) -> tuple[_D, _D]:
    """The first..fourth or last week of a span."""
    n = _WEEK_ORD[which]
    if n < 0:
        return b - 6 * _DAY, b
    lo = a + _dt.timedelta(days=7 * (n - 1))
    return lo, min(b, lo + 6 * _DAY)


def _nearest_weekday(anchor: _D, weekday: int) -> _D:
    """The given weekday within three days of ``anchor``."""
    delta = (weekday - anchor.weekday() + 3) % 7 - 3
    return anchor + _dt.timedelta(days=delta)


def _last_weekday(doc: _D, weekday: int, strict: bool) -> _D:
    back = (doc.weekday() - weekday) % 7
    return doc - _dt.timedelta(days=back or (7 if strict else 0))


def _next_weekday(doc: _D, weekday: int) -> _D:
    return doc + _dt.timedelta(days=(weekday - doc.weekday()) % 7 or 7)


def _ordinal(words: str) -> int:
    """الحادي عشر -> 11, الثاني والعشرين -> 22, الثلاثين -> 30: a unit, a ten or both."""
    return sum(_TENS.get(w) or _ORD_UNITS.get(w, 0) for w in words.split())


def _pick_year(cal: str, month: int, day: int | None, doc: _D, rel: int | None,
               future: bool = False) -> int:
    """Year (in ``cal``) of a month or day named without one, from the document
    date: with no الماضي/المقبل, the latest occurrence starting at most three
    months ahead (news reports the past, and announces the near future), or the
    next one that has not ended when a future marker precedes."""
    base = date_to_hijri(doc)[0] if cal == "h" else doc.year
    if rel == 0:
        return base
    spans = []
    for y in (base - 1, base, base + 1):
        a, b = _month_span(cal, y, month)
        if day is not None:
            a = b = _day_of(cal, y, month, min(day, (b - a).days + 1)) or a
        spans.append((y, a, b))
    if rel == -1:
        return max((s for s in spans if s[2] < doc), key=lambda s: s[0])[0]
    if rel == 1:
        return min((s for s in spans if s[1] > doc), key=lambda s: s[0])[0]
    if future:
        return min((s for s in spans if s[2] >= doc), key=lambda s: s[0])[0]
    return max((s for s in spans if s[1] <= doc + _NEAR_FUTURE), key=lambda s: s[0])[0]


def _g(m, name: str) -> str | None:
    v = m.group(name)
    return " ".join(v.split()) if v else None


def _resolve_calendar(m, doc: _D | None, before: str) -> _Res | None:
    """[weekday] [day | part] month [year | الماضي/المقبل]; None when the month
    name is an ordinary word here or the date names an event (ثورة 25 يناير)."""
    mon = _g(m, "cmon")
    cal, month = _MONTHS[mon]
    day = int(m.group("cday")) if m.group("cday") else None
    if m.group("cord"):
        day = _ordinal(_g(m, "cord"))
    if m.group("cfirst"):
        day = 1
    year_given = m.group("cyr")
    rel = _REL[_g(m, "crel")] if m.group("crel") else None
    context = (day, year_given, rel is not None, m.group("cyrel"), m.group("cthis"),
               m.group("cshahr"), m.group("calt") or m.group("calt2"), m.group("cfz"), m.group("cwo"))
    if mon in _AMBIGUOUS and not any(context) and not (
            mon not in _NEVER_AFTER_PREP and _PREP_BEFORE.search(before)):
        return None
    if _AMBIGUOUS_AS.get(mon) == "person" and _MAY_PERSON_BEFORE.search(before):
        return None
    if _AMBIGUOUS_AS.get(mon) == "number" and not (year_given or m.group("cshahr") or m.group("cord")):
        return None
    explicit_year = year_given or m.group("cyrel") or m.group("cthis") or rel is not None
    if not explicit_year and _NAMED_BEFORE.search(before):
        return None
    if year_given:
        year = int(year_given)
        if cal == "g" and (m.group("chij") or year < 1700):
            return None
        if cal == "h" and year > 1700:
            return None
    elif doc is None:
        return (_calendar_granularity(m, cal, day), None, None)
    elif m.group("cyrel") or m.group("cthis"):
        shift = _REL[_g(m, "cyrel")] if m.group("cyrel") else 0
        year = (date_to_hijri(doc)[0] if cal == "h" else doc.year) + shift
    else:
        year = _pick_year(cal, month, day, doc, rel, bool(_FUTURE_BEFORE.search(before)))
    a, b = _month_span(cal, year, month)
    gran = _calendar_granularity(m, cal, day)
    if day is not None:
        a = b = _day_of(cal, year, month, day)
        if m.group("cday2"):
            b = _day_of(cal, year, month, int(m.group("cday2")))
        if a is None or b is None or b < a:
            return None
    elif m.group("cfz"):
        a, b = _part(a, b, "month", _FUZZY[_g(m, "cfz")])
    elif m.group("cwo"):
        a, b = _week_of(a, b, m.group("cwo"))
    return gran, a, b


def _calendar_granularity(m, cal: str, day: int | None) -> str:
    """A day; a day range, part of a month or a Hijri month (as Gregorian days);
    else a Gregorian month."""
    if day is not None:
        return "range" if m.group("cday2") else "day"
    if m.group("cfz") or m.group("cwo") or cal == "h":
        return "range"
    return "month"


def _resolve_numeric(m, doc: _D | None, before: str) -> _Res | None:
    """2019/11/26 or 26-11-2019 (day first, as Arabic news writes it)."""
    if m.group("ny"):
        y, mo, d = int(m.group("ny")), int(m.group("nm")), int(m.group("nd"))
    else:
        y, mo, d = int(m.group("ny2")), int(m.group("nm2")), int(m.group("nd2"))
        if mo > 12 >= d:  # month-first (US) order
            mo, d = d, mo
    day = _day_of("g", y, mo, d) if 1800 <= y <= 2200 else None
    return ("day", day, day) if day else None


def _resolve_year(m, doc: _D | None, before: str) -> _Res | None:
    """عام 2019, في 2019, 1441 هـ, مطلع 2019, 1975-1990."""
    y = int(m.group("yy"))
    y2 = int(m.group("yy2")) if m.group("yy2") else None
    plausible = 1900 <= y <= 2100 or bool(m.group("yh"))
    if y2 is not None:
        if m.group("yh") or m.group("yfz") or not y < y2 <= y + 50 or not 1800 <= y <= 2100:
            return None
        return "range", _D(y, 1, 1), _D(y2, 12, 31)
    if m.group("yp") in _RANGE_PREPS and not (m.group("ykw") or m.group("ysea")):
        return None  # من 2010 / بين 1950 only as the start of a range
    if m.group("ytwo") or not (m.group("yfz") or m.group("ykw") or m.group("ysea")
                               or (m.group("yp") or m.group("yn")) and plausible):
        return None  # عامي needs two years; a bare number needs a preposition or event noun
    if m.group("yh"):
        if not 1200 <= y <= 1600:
            return None
        a, b = hijri_to_date(y, 1, 1), hijri_to_date(y + 1, 1, 1) - _DAY
        gran = "range"
    else:
        if not 1000 <= y <= 2200:
            return None
        a, b, gran = _D(y, 1, 1), _D(y, 12, 31), "year"
    if m.group("ysea"):
        return ("range", *_season(y, _SEASONS[m.group("ysea")])) if gran == "year" else None
    if m.group("yfz"):
        if gran == "range":
            return None
        return ("range", *_part(a, b, "year", _FUZZY[_g(m, "yfz")]))
    return gran, a, b


def _resolve_period(m, doc: _D | None, before: str) -> _Res | None:
    """الأسبوع/الشهر/العام relative to the document, and parts or days of them."""
    if m.group("pu")[len(ARTICLE):] in _SEASONS:
        return _resolve_season(m, doc)
    unit = _PERIOD_UNITS[m.group("pu")]
    day_of_month = m.group("pord") or m.group("pnum")
    if not (m.group("pfz") or m.group("pwo") or day_of_month or m.group("pth") or m.group("pr")
            or m.group("pside")):
        return None
    if day_of_month and unit != "month":
        return None
    if m.group("pth") and m.group("pr"):
        return None
    if m.group("pu") == _WORD["general"] and _GENERAL_BEFORE.search(before):
        return None
    if m.group("pwo") and unit == "week":
        return None
    part = m.group("pfz") or m.group("pwo") or m.group("pside")
    gran = "day" if day_of_month else "range" if part else unit
    if doc is None:
        return gran, None, None
    k = _REL[m.group("pr")] if m.group("pr") else 0
    if unit == "week":
        a = doc - _dt.timedelta(days=doc.weekday()) + _dt.timedelta(days=7 * k)
        b = a + 6 * _DAY
    elif unit == "month":
        a = _add_months(doc, k)
        b = _add_months(doc, k + 1) - _DAY
    else:
        a, b = _D(doc.year + k, 1, 1), _D(doc.year + k, 12, 31)
    if m.group("pfz"):
        a, b = _part(a, b, unit, _FUZZY[m.group("pfz")])
    elif m.group("pwo"):
        a, b = _week_of(a, b, m.group("pwo"))
    elif m.group("pside") and a <= doc <= b:  # في وقت سابق/لاحق من الشهر
        a, b = (a, doc) if _SIDES[m.group("pside")] < 0 else (doc, b)
    elif day_of_month:
        n = _ordinal(_g(m, "pord")) if m.group("pord") else int(m.group("pnum"))
        first = a + _dt.timedelta(days=n - 1)
        last = a + _dt.timedelta(days=int(m.group("pnum2")) - 1) if m.group("pnum2") else first
        if not first <= last <= b:
            return None
        if last > first:
            gran = "range"
        a, b = first, last
    return gran, a, b


def _resolve_season(m, doc: _D | None) -> _Res | None:
    """الصيف الماضي / الشتاء المقبل / هذا الصيف: the last one ended, the next one
    not begun, or this year's."""
    if not (m.group("pr") or m.group("pth")) or m.group("pfz") or m.group("pwo") or m.group("pord") \
            or m.group("pnum") or m.group("pside"):
        return None
    if doc is None:
        return "range", None, None
    first = _SEASONS[m.group("pu")[len(ARTICLE):]]
    spans = [_season(y, first) for y in (doc.year - 1, doc.year, doc.year + 1)]
    rel = _REL[m.group("pr")] if m.group("pr") else 0
    if rel == -1:
        return "range", *max(s for s in spans if s[1] < doc)
    if rel == 1:
        return "range", *min(s for s in spans if s[0] > doc)
    return "range", *next((s for s in spans if s[0] <= doc <= s[1]), spans[1])


def _resolve_plural(m, doc: _D | None, before: str) -> _Res | None:
    """الأسابيع المقبلة, الساعات الـ24 الأخيرة: a span ending or starting at the document date."""
    word = m.group("plu1") or m.group("plu2")
    unit, implied = _UNITS[word]
    n = m.group("pln") or m.group("pln2")
    count = int(n) if n else implied
    gran = "time" if unit == "hour" else "range"
    if doc is None:
        return gran, None, None
    days = max(1, round(count * _UNIT_DAYS[unit])) if count and unit in _UNIT_DAYS else None
    if days is None:
        days = count * (30 if unit == "month" else 365) if count else _VAGUE_DAYS[unit]
    span = _dt.timedelta(days=days)
    if _PLURAL_REL[m.group("pld")] > 0:
        return gran, doc, doc + span
    return gran, doc - span, doc


def _resolve_rel_day(m, doc: _D | None, before: str) -> _Res | None:
    """أمس, اليوم, غدا, بعد غد, أول أمس, optionally with a time of day and weekday."""
    word = _g(m, "rw")
    prefix = m.string[m.start(): m.start("rel")]
    if word in _DAY_NEEDED and not (m.group("rtod") or m.group("ryawm")):
        return None
    if word in _NOT_AFTER_PREP and any(c in prefix for c in PREP):
        return None  # لامس "touched"
    if word == _TODAY and not m.group("rtod") and _THAT_DAY_BEFORE.search(before):
        return None
    if doc is None:
        return "day", None, None
    day = doc + _dt.timedelta(days=_REL_DAY[word])
    if m.group("rwd"):
        day = _nearest_weekday(day, _WEEKDAYS[m.group("rwd")])
    return "day", day, day


def _resolve_weekday(m, doc: _D | None, before: str) -> _Res | None:
    """الأحد, يوم الأحد, مساء الأحد, الأحد الماضي/المقبل (see the module notes)."""
    name = m.group("wdn")
    if name == _MONDAY and _BOTH_BEFORE.search(before) or _MARKET_BEFORE.search(before):
        return None
    if doc is None:
        return "day", None, None
    wd = _WEEKDAYS[name]
    rel = _REL[m.group("wdr")] if m.group("wdr") else None
    if rel == 1:
        day = _next_weekday(doc, wd)
    elif rel is None and _FUTURE_BEFORE.search(before):
        day = doc + _dt.timedelta(days=(wd - doc.weekday()) % 7)
    else:
        day = _last_weekday(doc, wd, strict=rel == -1)
    return "day", day, day


def _resolve_ago(m, doc: _D | None, before: str) -> _Res | None:
    """قبل/منذ + a duration counts back from the document date. بعد + a duration
    is left out: in news it mostly counts from the story (فر بعد ثلاثة أشهر)."""
    unit, implied = _UNITS[m.group("au")]
    n = m.group("an")
    count = (int(n) if n.isdigit() else _NUM_WORDS[n]) if n else implied
    if not count or (n and implied):
        return None
    gran = {"hour": "time", "day": "day", "week": "day"}.get(unit, unit)
    if doc is None:
        return gran, None, None
    if unit in _UNIT_DAYS:
        day = doc - _dt.timedelta(days=round(count * _UNIT_DAYS[unit]))
        return gran, day, day
    if unit == "month":
        a = _add_months(doc, -count)
        return gran, a, _add_months(a, 1) - _DAY
    y = doc.year - count
    return gran, _D(y, 1, 1), _D(y, 12, 31)


_RESOLVERS = {"cal": _resolve_calendar, "num": _resolve_numeric, "yr": _resolve_year,
              "per": _resolve_period, "plu": _resolve_plural, "rel": _resolve_rel_day,
              "wd": _resolve_weekday, "ago": _resolve_ago}


def find_dates(text: str, doc_date: _D | None = None, start: int = 0,
               end: int | None = None) -> list[DateMention]:
    """Date expressions in ``text[start:end]``, with absolute offsets into ``text``,
    resolved against ``doc_date`` (relative ones stay unresolved without it)."""
    end = len(text) if end is None else end
    if isinstance(doc_date, _dt.datetime):  # a timestamp would not compare with dates
        doc_date = doc_date.date()
    return list(_find_in(text[start:end], doc_date, start))


@lru_cache(maxsize=_SENTENCES_KEPT)
def _find_in(segment: str, doc_date: _D | None, start: int) -> tuple[DateMention, ...]:
    """``find_dates`` over one segment, kept for the last sentences: the rule
    coder and then the learned coder ask for the same sentence's dates."""
    # normalise's cache is for repeated tokens; sentences rarely repeat, so
    # caching them there would only grow memory
    norm = normalise.__wrapped__(segment)
    found = []
    for m in _PATTERN.finditer(norm):
        kind = m.lastgroup
        res = _RESOLVERS[kind](m, doc_date, norm[max(0, m.start(kind) - 80): m.start(kind)])
        if res is not None:
            found.append((m.start(kind), m.end(kind), res))
    if not found:
        return ()
    lines = _LineMaps(segment, norm)
    out = []
    for ns, ne, res in found:
        s, e = lines.original_span(ns, ne)
        out.append(DateMention(start + s, start + e, segment[s:e], _fmt(res), res[0]))
    return tuple(out)


class _LineMaps:
    """Original offsets of normalised spans, mapping only the lines that hold a
    mention (folding never crosses a newline, nor does a mention): a few dates
    should not cost a character map of the whole article."""

    def __init__(self, segment: str, norm: str) -> None:
        self.segment, self.norm = segment, norm
        self.norm_starts = [0] + [m.end() for m in re.finditer("\n", norm)]
        self.orig_starts = [0] + [m.end() for m in re.finditer("\n", segment)]
        self.maps: dict[int, tuple[str, list[int]]] = {}

    def original_span(self, ns: int, ne: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.norm_starts, ns) - 1
        if k not in self.maps:
            lo = self.orig_starts[k]
            hi = self.orig_starts[k + 1] - 1 if k + 1 < len(self.orig_starts) else len(self.segment)
            line = self.segment[lo:hi]
            self.maps[k] = line, normalise_with_map(line)[1]
        line, offsets = self.maps[k]
        a, b = ns - self.norm_starts[k], ne - self.norm_starts[k]
        s, e = offsets[a], offsets[b - 1] + 1
        while e < offsets[b] and is_mark(line[e]):  # trailing diacritics belong to the word
            e += 1
        return self.orig_starts[k] + s, self.orig_starts[k] + e


# -- a single date value (--date option, JSONL date field) -------------------

_ENGLISH_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_EN_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})")
_EN_MDY = re.compile(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def parse_date(value: str) -> _D | None:
    """One date from a --date option or a record's date field: ISO dates and
    timestamps, 20191126, 26/11/2019, 'Nov 26, 2019', '26 نوفمبر 2019'..."""
    if not value or not value.strip():
        return None
    value = value.strip()
    for rx, order in ((_ISO, (0, 1, 2)), (_COMPACT, (0, 1, 2))):
        m = rx.match(value)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            return _day_of("g", y, mo, d)
    for rx, (di, mi, yi) in ((_EN_DMY, (1, 2, 3)), (_EN_MDY, (2, 1, 3))):
        m = rx.search(value)
        if m and m.group(mi).lower() in _ENGLISH_MONTHS:
            return _day_of("g", int(m.group(yi)), _ENGLISH_MONTHS[m.group(mi).lower()], int(m.group(di)))
    for mention in find_dates(value):
        if mention.granularity == "day" and mention.resolved:
            return _D.fromisoformat(mention.resolved)
    return None
