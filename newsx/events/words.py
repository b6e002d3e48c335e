"""Word sets both the argument rules (``arguments``) and the argument phrases
(``argument_phrases``) read: grammar words, normalised once here."""

from __future__ import annotations

from newsx.lang.ar import lexicon as wordlists
from newsx.lang.ar.normalise import normalise


def words(text: str) -> frozenset[str]:
    """A space-separated word list, normalised."""
    return frozenset(normalise(w) for w in text.split())


def no_conj(w: str) -> str:
    """A normalised token without the conjunction و/ف on it (وقال -> قال)."""
    return w[1:] if w[:1] in ("و", "ف") else w


def listed(name: str) -> frozenset[str]:
    """A content-word list of ``data/lexicon/word_lists.tsv``, normalised."""
    return frozenset(normalise(w) for w in wordlists.words(name))


# event types of transitive violence: وقتل 150 مدنيا reads passive, an attack's target is a phrase
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
# heads of a construct phrase whose last word is an actor: members, leaders, crowds of X
PHRASE_HEADS = listed("phrase_heads")
# offices held over the actor after them (رئيس مجلس نواب الشعب, رئيس وزراء العراق, سفير فرنسا)
OFFICE_HEADS = listed("office_heads")
# words that open a new clause (..., فيما قتل ...): a subject or object is not looked for across them
CLAUSE_OPENERS = words("كما فيما بينما حيث بعدما عندما")
PREPOSITIONS = words("في من على إلى الى عن مع لدى حول ضد بين عند قرب")
NUMBER_WORDS = words(
    "اثنين اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة عشرات مئات آلاف الآلاف المئات العشرات عدد عددا عدة"
    " نحو حوالي زهاء قرابة أكثر"
)
TIME_WORDS = words("اليوم الليلة الليل الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الماضي الماضية"
                   " المقبل المقبلة الحالي الجاري الأسبوع الشهر العام")
