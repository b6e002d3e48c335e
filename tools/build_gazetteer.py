"""Build the shipped gazetteer TSVs in newsx/data/gazetteer/ (build time only).

Reads Babel's CLDR territory names, the CC BY-SA country list in
../shared/data/country-names-ar, the MIT UniversalPetrarch Arabic actor and agent
dictionaries, and the hand-written files in newsx/data/gazetteer/ (curated.tsv,
nationality_bases.tsv, titles_curated.tsv). The bench news articles in
../shared/data/news/bench serve only as evidence that a dictionary phrase is a
form news actually writes; no text from them is shipped.

Run from the repository root:  .venv/bin/python tools/build_gazetteer.py
The package never imports this script and never reads ../shared at run time.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsx.lang.ar.normalise import normalise  # noqa: E402
from newsx.text.tokenise import token_offsets  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
WORLD_CSV = SHARED / "country-names-ar" / "world.csv"
UP_DIR = SHARED / "universalpetrarch-arabic" / "dictionaries_arabic"
ACTOR_DICT = UP_DIR / "actor_dict_ar_v4.txt"
AGENT_DICT = UP_DIR / "agents.all.ar.txt"
BENCH = SHARED / "news" / "bench"
OUT = ROOT / "newsx" / "data" / "gazetteer"

ENTITY_COLUMNS = ("surface", "type", "canonical", "country", "code", "source")
# sources in order of trust: an earlier source's surface is never overridden
SOURCE_ORDER = ("curated", "babel", "country-names-ar", "up-actors")
# CAMEO first-level codes that are not countries
NON_STATE = ("IGO", "NGO", "IMG", "MNC", "INT")
# Babel's English names where news English says it otherwise
ENGLISH_OVERRIDES = {
    "TR": "Turkey", "PS": "Palestine", "CZ": "Czech Republic", "CD": "DR Congo",
    "CG": "Republic of the Congo", "MM": "Myanmar", "HK": "Hong Kong", "MO": "Macau",
    "CI": "Ivory Coast", "TL": "East Timor", "VA": "Vatican City", "US": "United States",
}


# -- shared helpers -------------------------------------------------------------
def spaced(surface: str) -> str:
    """A surface as the tokeniser splits it, tokens joined by single spaces."""
    return " ".join(surface[s:e] for s, e in token_offsets(surface))


def phrase_key(surface: str) -> tuple[str, ...]:
    return tuple(normalise(surface[s:e]) for s, e in token_offsets(surface))


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(row[c] for c in columns) + "\n")


class Attestation:
    """Counts of candidate phrases in the bench articles: whether news writes
    a form, found by one pass over the tokens once all candidates are known."""

    def __init__(self, candidates: set[tuple[str, ...]]) -> None:
        self.counts: Counter[tuple[str, ...]] = Counter()
        by_first: dict[str, set[int]] = {}
        for key in candidates:
            by_first.setdefault(key[0], set()).add(len(key))
        for path in sorted(BENCH.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            norms = [normalise(text[s:e]) for s, e in token_offsets(text)]
            for i, tok in enumerate(norms):
                for n in by_first.get(tok, ()):
                    key = tuple(norms[i : i + n])
                    if key in candidates:
                        self.counts[key] += 1

    def __getitem__(self, key: tuple[str, ...]) -> int:
        return self.counts[key]


# -- countries --------------------------------------------------------------------
def iso_table() -> dict[str, tuple[str, str]]:
    """alpha-2 -> (alpha-3, Arabic short name) from world.csv."""
    with WORLD_CSV.open(encoding="utf-8", newline="") as f:
        return {r["alpha2"].upper(): (r["alpha3"].upper(), r["name"]) for r in csv.DictReader(f)}


def _clean_babel(name: str) -> str:
    """Babel's display names carry notes in brackets (ميانمار (بورما)): news
    writes the name without them."""
    return spaced(re.sub(r"\s*\([^)]*\)", "", name).strip())


def english_name(alpha2: str) -> str:
    """Babel's English display name, as news English writes it."""
    name = ENGLISH_OVERRIDES.get(alpha2) or Locale("en").territories[alpha2]
    return name.replace(" & ", " and ").replace("St. ", "Saint ")


def iso_rows(iso: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """The ISO 3166-1 table the linker and the tests check codes against."""
    return [
        {"alpha2": a2, "alpha3": a3, "canonical": english_name(a2)}
        for a2, (a3, _) in sorted(iso.items())
    ]


def country_rows(iso: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    ar = Locale("ar").territories
    rows = []
    for a2, (a3, world_name) in sorted(iso.items()):
        canonical = english_name(a2)
        base = {"type": "GPE", "canonical": canonical, "country": a3, "code": a3}
        rows.append({**base, "surface": _clean_babel(ar[a2]), "source": "babel"})
        rows.append({**base, "surface": spaced(world_name), "source": "country-names-ar"})
    return rows


# -- UniversalPetrarch actors ---------------------------------------------------------
_CODE_RE = re.compile(r"\[\s*([A-Za-z0-9,~]*)\s*([<>]?\d{8}(?:-\d{8})?)?\s*\]")
_ARABIC_WORD = re.compile(r"^[\u0621-\u0652]+$")
# lemma words that start a description, not a name (وزارة_دفاع_أميركي_, قوة_أمن_)
_DESCRIPTION_HEADS = frozenset(normalise(w) for w in """
    رئيس وزير وزارة قوة قوات جيش حكومة مجلس شرطة مسؤول دولة شعب سياسة موقف مصدر
    سفارة سفير قائد ضابط مخابرات أمن احتلال إدارة عاصمة مدينة شمال جنوب شرق غرب وسط
    محافظة منطقة ساحة وضع قضية مفاوضة هوية دستور تحرك جو سواحل حد قمة نائب متحدث
    أمين عاهل ملك ملكة أمير شيخ جنرال مدير وكيل رئاسة ديوان الديوان قصر قنصل القنصل
    مقر جهاز هيئة لجنة عضو نواب برلمان رابطة اتحاد تحالف جمهورية مملكة إمارة سلطنة
    دولار أمة ميناء غرف كلام بيت تمسك إطار رؤية تفاوض مكانة فلسطين حاكم معهد مركز
    نيابة سلطة مكتب تنظيم حرس مخيم مخيمات مؤتمر كتلة قيادة خارجية داخلية دفاع مدعي
    رهبان كرادلة مجموعة إخوان أخ أمام ملازم ملأزم فريق لواء ركن معسكر سجن بئر دار
""".split())
# organisation heads whose phrase, once in surface form, is a name
_ORG_HEADS = frozenset(normalise(w) for w in """
    حركة منظمة وكالة حزب جبهة جماعة شركة بنك كتائب صحيفة قناة مؤسسة جمعية صندوق
""".split())
# lemmatised adjectives and ordinals: a phrase holding one is not a surface form
_LEMMA_ADJECTIVES = frozenset(normalise(w) for w in """
    دولي عربي أجنبي إسلامي وطني خاص جديد عام أعلى شمالي جنوبي شرقي غربي متحد أوروبي
    أفريقي ثاني ثالث أول سادس خامس رابع مسلح كبير داخلي خارجي رسمي مكرم منور
    حر معارض شعبي تجاري نيابي سياسي مشارك بوذي أسبق سابق
""".split())
_MIN_ATTESTED = 2


def _up_entries() -> list[tuple[str, list[tuple[str, str]]]]:
    """(phrase, [(code, date)]) in file order: a phrase line with its code on
    the same line, or followed by indented code lines."""
    entries: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in ACTOR_DICT.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        codes = [(m.group(1), m.group(2) or "") for m in _CODE_RE.finditer(raw)]
        head = _CODE_RE.sub("", raw).strip()
        if head:
            entries.append((head, codes))
        elif entries:
            entries[-1][1].extend(codes)
    return entries


def _start_date(date: str) -> int:
    """When a code took effect (0 when unknown or open-started), for 'most recent'."""
    if not date or date.startswith("<"):
        return 0
    return int(date.lstrip(">")[:8])


def _generated(date: str) -> bool:
    """Codes dated September 2017 belong to a block of machine-extracted
    phrases at the end of the file (تأثير_مهيمن_, ربط_زيادة_): not names."""
    return _start_date(date) // 100 == 201709


def _valid_code(code: str, alpha3: set[str]) -> bool:
    return (
        bool(re.fullmatch(r"(?:[A-Z]{3})+", code))
        and (code[:3] in alpha3 or code[:3] in NON_STATE)
    )


def _nationality_norms() -> set[str]:
    return {normalise(r["surface"]) for r in nationality_rows()}


def _strip_article(norm: str) -> str:
    return norm[2:] if norm.startswith("ال") and len(norm) > 3 else norm


def _title_words() -> frozenset[str]:
    """Single words of the curated titles and agents, without the article: in
    a lemmatised dictionary phrase they mark a description (مستشار_هيلموت_كول_)."""
    words = {_strip_article(normalise(w)) for r in read_tsv(OUT / "titles_curated.tsv")
             for w in r["surface"].split()}
    return frozenset(words | _DESCRIPTION_HEADS | _LEMMA_ADJECTIVES)


# words that show a phrase is a snippet of text, not a name (كيسنجر_الذي_)
_NOT_NAME = frozenset(normalise(w) for w in """
    الذي التي الذين اتصال مقال صوت غاز غرفة لقاء انتقالي شب خادم بر هو هي ال
""".split())


def _person_words(words: list[str], blocked: frozenset[str]) -> list[str] | None:
    """A person's name from a dictionary phrase: leading titles dropped
    (آية_الله_, البطريرك_); None when a word left is a title, a lemma, a
    place, a function word, or a title glued to a name (الوزيرطارق)."""
    while len(words) > 2:
        if normalise(" ".join(words[:2])) == normalise("آية الله"):
            words = words[2:]
        elif _strip_article(normalise(words[0])) in blocked:
            words = words[1:]
        else:
            break
    norms = [normalise(w) for w in words]
    if len(words) < 2 or len(set(norms)) < len(norms) or norms[0] == "بن":
        return None
    if len(words) == 2 and norms[0] == "عبد":  # half a compound name
        return None
    bares = {_strip_article(n) for n in norms}
    glued = tuple(t for t in blocked if len(t) >= 4)
    for n in norms:
        bare = _strip_article(n)
        if (
            n in blocked or n in _NOT_NAME or bare in _DESCRIPTION_HEADS
            or n.startswith("وال") or (n[0] == "و" and n[1:] in bares)
            or any(bare.startswith(t) and bare != t for t in glued)
        ):
            return None
    return words


def up_candidates(alpha3: set[str]) -> list[dict[str, str]]:
    """Actor-dictionary entries that can be turned into a surface form, before
    attestation: persons (names are written as they are) and organisations."""
    places = {_strip_article(normalise(r["surface"])) for r in country_rows(iso_table())}
    blocked = _title_words() | _nationality_norms() | places
    out = []
    for phrase, codes in _up_entries():
        codes = [(c, d) for c, d in codes if _valid_code(c, alpha3) and not _generated(d)]
        if not codes:
            continue
        # tatweel-padded junk and the U+0670 dagger alef of the lemmatiser
        words = [w for w in phrase.replace("\u0670", "").replace("ـ", "").split("_") if w]
        if len(words) < 2 or not all(_ARABIC_WORD.match(w) and len(w) > 1 for w in words):
            continue
        # date ranges are dirty (ends before starts): the latest start wins
        code = max(codes, key=lambda cd: _start_date(cd[1]))[0]
        head = normalise(words[0])
        if head in _ORG_HEADS:
            if any(normalise(w) in _LEMMA_ADJECTIVES | _DESCRIPTION_HEADS for w in words[1:]):
                continue
            if len(words) == 2 and not words[1].startswith("ال"):
                words = words[:1] + ["ال" + words[1]]  # حزب_استقلال_: only the construct form
            out.append({"kind": "ORG", "words": words, "code": code})
        elif code[3:] and (name := _person_words(words, blocked)):
            out.append({"kind": "PER", "words": name, "code": code})
    return out


def _surface_forms(kind: str, words: list[str]) -> list[str]:
    """Candidate surface forms of a lemma phrase: as written, and for an
    organisation the construct state (head bare, every later word with ال)."""
    forms = [" ".join(words)]
    if kind == "ORG":
        forms.insert(0, " ".join([words[0]] + [w if w.startswith("ال") else "ال" + w for w in words[1:]]))
    return forms


def up_actor_rows(candidates: list[dict[str, str]], seen: Attestation) -> list[dict[str, str]]:
    """Person names as written; organisations only in a form news writes."""
    rows = []
    for c in candidates:
        forms = _surface_forms(c["kind"], c["words"])
        if c["kind"] == "ORG":
            forms = [f for f in forms if seen[phrase_key(f)] >= _MIN_ATTESTED]
            if not forms:
                continue
        code = c["code"]
        country = "" if code[:3] in NON_STATE else code[:3]
        rows.append({
            # no English name in the source: the linker transliterates
            "surface": forms[0], "type": c["kind"], "canonical": "", "country": country,
            "code": code, "source": "up-actors",
        })
    return rows


# -- nationalities -------------------------------------------------------------------
def nationality_rows() -> list[dict[str, str]]:
    """Every form of each hand-written nisba base: masc/fem singular, sound (and feminine)
    plurals, each with and without the article (on every word of a two-word
    base: الكوري الشمالي); plus the listed broken plurals."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(surface: str, country: str) -> None:
        key = normalise(surface)
        if key not in seen:
            seen.add(key)
            rows.append({"surface": surface, "country": country})

    for base in read_tsv(OUT / "nationality_bases.tsv"):
        country = base["country"]
        for stem in base["masculine"].split("|"):
            words = [w.removeprefix("ال") for w in stem.split()]
            for suffix in ("", "ة", "ون", "ين", "ات"):
                add(" ".join(w + suffix for w in words), country)
                add(" ".join("ال" + w + suffix for w in words), country)
        for plural in filter(None, base["plurals"].split("|")):
            add(plural, country)
    return rows


# -- titles and agents -------------------------------------------------------------
_AGENT_LINE = re.compile(r"\[~?([A-Z]{3,9})~?\]?\s*(.*)$")
# comments, English notes and marks around the Arabic rendering
_NOT_ARABIC = re.compile(r"[^\u0621-\u0652/ ]+")
# agent renderings that name an act, a thing, a place or an abstraction, not
# an actor (انتفاضة uprising, طائرة aircraft, قرية village), that are common
# words (عمل, علم, حي), or that carry a wrong code (رئيس [BUS], مجلس الأمن [GOV])
_AGENT_EXCLUDE = frozenset(normalise(w) for w in """
    انتفاضة تمرد قافلة إمام أمام طائرة سيارة مروحية صاروخ دبابة سفينة مستشفى مدرسة مصحة جامعة
    كنيسة مسجد معبد سجن محكمة شركة جمعية حاملة ناقلة عربة مدرعة مفجر بارجة مدمرة
    الطوربيد رشاش ثكنات مستودع قاعدة حامية موقع دورية آلة راية علم غابات بي إف أي
    الخدمة العسكرية عسكري حربي بحري احتياطي فرقة فوج مفرزة ميراج يوروفايتر حاوية
    رئيس عمل مصدر صناعة تجمع تجمهر تكتل منتج نادرة ثري الهوائية الزراعية صيد زراعة
    الفلاحة تبني رحال مجتمع عالم حي أم وطني أصلي قرية بلدة مستوطنة المتنزه متنزه
    دستوري مستشار غرفة الولاية مجالس معلن مفوض موفد حملة فار منفى المعتقل سني دير
    ديانة عابد علامة كلية مملكة دولة سيادة توحيد الإيرادات البيروقراطية الروتين
    منظم إدارة لجنة وكالة منشور اتصالات مجلة صحيفة صحافة تلفزيون الإذاعة المصرف مصرف
    داعية إسلامي الإسلامية مسلم يهودي الجهادية عميد المدافع الفقير سياحي حشد مشاهد
    متفرج طيار حرس خفر القائدة القادة ملك أمير قنصلية سفارة اللغة فريق الحاكمة أباتشي
    سياسي رياضي مدونة رائد
""".split())
_AGENT_EXCLUDE_PHRASES = frozenset(
    tuple(normalise(w) for w in p.split())
    for p in ("مجلس الأمن", "الجمعية العامة", "منظمة غير حكومية", "وحدة المعلومات",
              "عدد السكان", "بلدة صغيرة", "سفينة تجارية", "طائرة ركاب", "طائرة تجارية",
              "صناعة الدفاع", "صناعة السيارات", "مبنى البرلمان", "موقع إلكتروني",
              "التواجد العسكري", "معلومات استخباراتية", "وزارة")
)


def agent_candidates() -> list[tuple[str, str]]:
    """(Arabic phrase, agent code) pairs from agents.all.ar.txt: English key,
    ``[~CODE]``, then one or more Arabic renderings split by ``/``."""
    out = []
    for raw in AGENT_DICT.read_text(encoding="utf-8").splitlines():
        m = _AGENT_LINE.search(raw)
        if not m:
            continue
        code, arabic = m.group(1), _NOT_ARABIC.sub(" ", m.group(2))
        for alt in arabic.split("/"):
            alt = spaced(alt.strip(" -"))
            if alt and all(_ARABIC_WORD.match(w) for w in alt.split()):
                out.append((alt, code))
    return out


def title_rows(agents: list[tuple[str, str]], seen: Attestation) -> list[dict[str, str]]:
    rows = []
    keys: set[tuple[str, ...]] = set()
    for row in read_tsv(OUT / "titles_curated.tsv"):
        key = phrase_key(row["surface"])
        if key not in keys:
            keys.add(key)
            rows.append({**row, "source": "curated"})
    votes: dict[tuple[str, ...], Counter[str]] = {}
    surfaces: dict[tuple[str, ...], str] = {}
    for surface, code in agents:
        key = phrase_key(surface)
        excluded = key[0] in _AGENT_EXCLUDE or key[-1] in _AGENT_EXCLUDE or key in _AGENT_EXCLUDE_PHRASES
        if key in keys or seen[key] < _MIN_ATTESTED or excluded:
            continue
        votes.setdefault(key, Counter())[code] += 1
        surfaces.setdefault(key, surface)
    for key, counts in votes.items():
        rows.append({
            "surface": surfaces[key], "role": counts.most_common(1)[0][0],
            "kind": "agent", "source": "up-agents",
        })
    return rows


# -- main ----------------------------------------------------------------------------
def merge(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per normalised surface; the more trusted source wins."""
    rank = {s: i for i, s in enumerate(SOURCE_ORDER)}
    best: dict[tuple[str, ...], dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: rank[r["source"]]):
        row["surface"] = spaced(row["surface"])
        key = phrase_key(row["surface"])
        if key and key not in best:
            best[key] = row
    return sorted(best.values(), key=lambda r: (rank[r["source"]], r["type"], r["canonical"], r["surface"]))


def main() -> None:
    iso = iso_table()
    alpha3 = {a3 for a3, _ in iso.values()}
    curated = [{**r, "source": "curated"} for r in read_tsv(OUT / "curated.tsv")]
    candidates = up_candidates(alpha3)
    agents = agent_candidates()
    wanted = {phrase_key(f) for c in candidates for f in _surface_forms(c["kind"], c["words"])}
    wanted |= {phrase_key(s) for s, _ in agents}
    seen = Attestation({k for k in wanted if k})
    up_rows = up_actor_rows(candidates, seen)
    entities = merge(curated + country_rows(iso) + up_rows)
    write_tsv(OUT / "entities.tsv", ENTITY_COLUMNS, entities)
    write_tsv(OUT / "countries.tsv", ("alpha2", "alpha3", "canonical"), iso_rows(iso))
    write_tsv(OUT / "nationalities.tsv", ("surface", "country"), nationality_rows())
    titles = title_rows(agents, seen)
    write_tsv(OUT / "titles.tsv", ("surface", "role", "kind", "source"), titles)
    by = Counter((r["source"], r["type"]) for r in entities)
    for (source, type_), n in sorted(by.items()):
        print(f"entities {source:16} {type_}: {n}")
    print(f"titles: {Counter(r['kind'] for r in titles)}")


if __name__ == "__main__":
    main()
