"""Letters and code points of the Arabic script that rules name by role.

Rule modules outside ``newsx/lang/ar`` spell no Arabic (tests/test_no_arabic_in_code.py):
a rule that needs a letter for what it does in the script (the alef that لل drops,
the nisba ending, tatweel, the letter ranges) imports it from here.
"""

from __future__ import annotations

# the basic letters, hamza to yeh (U+0621-U+064A): a word of only these is plain Arabic
FIRST_LETTER = "\u0621"
LAST_LETTER = "\u064a"
# the Arabic block and the Arabic Supplement: any character of the script
BLOCK_FIRST, BLOCK_LAST = "\u0600", "\u06ff"
SUPPLEMENT_FIRST, SUPPLEMENT_LAST = "\u0750", "\u077f"
ALEF = "ا"  # dropped by لل (للولايات = ل + الولايات); the accusative ending of a nisba (مدنيا)
NISBA = "ي"  # the relational ending (أفغاني)
TATWEEL = "ـ"  # the stretching stroke; news also writes it as a dash (عمان ـ)
HAMZA_LETTERS = "أإآؤئ"
HAMZA_PROBE = "الأمم"  # a word whose hamza a lower-casing tokenizer strips


def is_mark(ch: str) -> bool:
    """A diacritic or tatweel, which belongs to the word it trails."""
    return ch == TATWEEL or "\u064b" <= ch <= "\u065f" or ch == "\u0670"
