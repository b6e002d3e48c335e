"""Readable Latin names for Arabic names the gazetteer does not know.

The scheme is newsx's own "press romanisation": the consonant values English-
language newspapers use (ش sh, خ kh, ث th, ذ dh, غ gh, ج j, ق q, ع and ء as an
apostrophe), long vowels from ا و ي (و and ي are vowels between consonants,
consonants at the start of a word or next to a vowel), final ة/ه as a, the
article written al-. It is lossy and not reversible (camel-tools' Buckwalter and
HSB schemes are, but read as code to most users): ماكرون -> Makrun, يوري
بورينكوف -> Yuri Burinkuf.
"""

from __future__ import annotations

from newsx.lang.ar.normalise import normalise

_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "'", "ؤ": "'",
    "ئ": "'", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g", "ک": "k", "ی": "y",
}
_VOWELS = {"ا": "a", "و": "u", "ي": "i", "ى": "a"}


def _word(word: str) -> str:
    if word == "الله":
        return "Allah"
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
    out: list[str] = []
    last_vowel = True  # a word starts as if after a vowel: و/ي there are consonants
    k = 0
    while k < len(word):
        ch, nxt = word[k], word[k + 1 : k + 2]
        final = k == len(word) - 1
        if ch == "ا" and k == 0 and nxt in ("ي", "و"):
            out.append("i" if nxt == "ي" else "u")  # ايران -> Iran
            k += 2
            last_vowel = True
            continue
        if ch in ("و", "ي") and (last_vowel or nxt == "ا") and not (final and ch == "ي" and k > 0):
            out.append("w" if ch == "و" else "y")
            last_vowel = False
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
            last_vowel = True
        elif ch in ("ة", "ه") and final and k > 0:
            out.append("a")  # teh marbuta (folded to ه by the normaliser)
            last_vowel = True
        elif ch == "ع" and k == 0:
            out.append("a")
            last_vowel = True
        else:
            out.append(_CONSONANTS.get(ch, ch))
            last_vowel = False
        k += 1
    text = "".join(out).strip("'")
    return prefix + text[:1].upper() + text[1:]


def romanise(name: str) -> str:
    """A readable Latin rendering of an Arabic name (Latin text passes through)."""
    words = [_word(w) for w in normalise(name).split() if w]
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]
