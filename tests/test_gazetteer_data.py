"""The shipped gazetteer data: files parse, columns are valid, real spelling
variants and nationality forms map where news needs them to."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel import Locale

from newsx.lang.ar.normalise import normalise
from newsx.text.tokenise import token_offsets

DATA = Path(__file__).resolve().parents[1] / "newsx" / "data" / "gazetteer"
TYPES = {"PER", "ORG", "GPE", "LOC"}
SOURCES = {"babel", "country-names-ar", "curated", "up-actors"}
NON_STATE = {"IGO", "NGO", "IMG", "MNC", "INT"}
ROLES = {
    "GOV", "MIL", "REB", "OPP", "CVL", "IGO", "BUS", "MED", "JUD", "COP", "LEG", "SPY",
    "EDU", "HLH", "REL", "ELI", "UAF", "REF", "LAB", "PTY", "AGR", "HRI", "ENV", "DEV",
    "CRM", "RAD", "MUS", "CHR", "JEW", "BUD", "HIN", "SEP", "MOD", "INS", "NGO",
}
# alpha-3 codes ISO assigns beyond the territories Babel lists, used in news
EXTRA_ALPHA3 = {"XKX"}


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def key(surface: str) -> tuple[str, ...]:
    return tuple(normalise(surface[s:e]) for s, e in token_offsets(surface))


@pytest.fixture(scope="module")
def entities() -> list[dict[str, str]]:
    return read("entities.tsv")


@pytest.fixture(scope="module")
def alpha3() -> set[str]:
    """ISO alpha-3 codes: the shipped ISO table, whose alpha-2 column must be
    exactly Babel's (CLDR's) two-letter territories less CLDR's own extras."""
    rows = read("countries.tsv")
    cldr = {k for k in Locale("en").territories if len(k) == 2 and k.isalpha()}
    cldr -= {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
    assert {r["alpha2"] for r in rows} == cldr
    assert all(re.fullmatch(r"[A-Z]{3}", r["alpha3"]) for r in rows)
    return {r["alpha3"] for r in rows} | EXTRA_ALPHA3


@pytest.fixture(scope="module")
def by_surface(entities) -> dict[tuple[str, ...], dict[str, str]]:
    return {key(r["surface"]): r for r in entities}


def test_entities_columns_valid(entities, alpha3):
    assert list(entities[0]) == ["surface", "type", "canonical", "country", "code", "source"]
    assert len(entities) > 3000
    for r in entities:
        assert r["surface"] and r["surface"] == r["surface"].strip(), r
        assert " ".join(r["surface"][s:e] for s, e in token_offsets(r["surface"])) == r["surface"], r
        assert r["type"] in TYPES, r
        assert r["source"] in SOURCES, r
        assert r["country"] == "" or r["country"] in alpha3, r
        code = r["code"]
        assert code == "" or re.fullmatch(r"(?:[A-Z]{3})+", code), r
        if code:
            assert code[:3] in alpha3 or code[:3] in NON_STATE, r
        if r["country"] and code[:3] not in NON_STATE:
            assert code.startswith(r["country"]), r
        if r["source"] != "up-actors":
            assert r["canonical"], r


def test_no_conflicting_duplicates(entities):
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    for r in entities:
        k = (key(r["surface"]), r["type"])
        assert seen.setdefault(k, r["canonical"]) == r["canonical"], r
    # one row per matching form: the matcher never has to choose
    assert len({key(r["surface"]) for r in entities}) == len(entities)


def test_every_iso_country_present(entities, alpha3):
    names = {r["alpha3"]: r["canonical"] for r in read("countries.tsv")}
    # a country row: the GPE whose canonical is the country's own name
    countries = {r["country"] for r in entities if r["type"] == "GPE" and r["canonical"] == names.get(r["country"])}
    assert countries == set(names)


@pytest.mark.parametrize(
    "surface, canonical, country",
    [
        ("سوريا", "Syria", "SYR"),
        ("سورية", "Syria", "SYR"),
        ("الولايات المتحدة", "United States", "USA"),
        ("أميركا", "United States", "USA"),
        ("أمريكا", "United States", "USA"),
        ("روسيا", "Russia", "RUS"),
        ("كازاخستان", "Kazakhstan", "KAZ"),
        ("تركيا", "Turkey", "TUR"),
        ("إدلب", "Idlib", "SYR"),
        ("ادلب", "Idlib", "SYR"),
        ("حلب", "Aleppo", "SYR"),
        ("نور سلطان", "Astana", "KAZ"),
        ("آستانة", "Astana", "KAZ"),
        ("جنيف", "Geneva", "CHE"),
        ("واشنطن", "Washington", "USA"),
        ("موسكو", "Moscow", "RUS"),
        ("حميميم", "Hmeimim", "SYR"),
        ("الموصل", "Mosul", "IRQ"),
        ("صنعاء", "Sanaa", "YEM"),
        ("بنغازي", "Benghazi", "LBY"),
        ("غزة", "Gaza", "PSE"),
    ],
)
def test_places(by_surface, surface, canonical, country):
    row = by_surface[key(surface)]
    assert (row["canonical"], row["country"]) == (canonical, country)
    assert row["type"] == "GPE"


@pytest.mark.parametrize(
    "variants, type_, code",
    [
        (["إردوغان", "أردوغان", "رجب طيب أردوغان", "رجب طيب إردوغان"], "PER", "TURGOV"),
        (["بوتين", "فلاديمير بوتين"], "PER", "RUSGOV"),
        (["ماكرون", "إيمانويل ماكرون"], "PER", "FRAGOV"),
        (["بيسكوف", "ديمتري بيسكوف"], "PER", "RUSGOV"),
        (["السيسي", "عبد الفتاح السيسي", "عبدالفتاح السيسي"], "PER", "EGYGOV"),
        (["نتنياهو", "نتانياهو"], "PER", "ISRGOV"),
        (["الأمم المتحدة", "الامم المتحدة"], "ORG", "IGOUNO"),
        (["حلف الناتو", "حلف شمال الأطلسي", "الناتو"], "ORG", "IGONAT"),
        (["الجامعة العربية", "جامعة الدول العربية"], "ORG", "IGOARL"),
        (["الكرملين"], "ORG", "RUSGOV"),
        (["داعش", "تنظيم الدولة"], "ORG", "IMGREB"),
        (["الحوثيين", "الحوثيون", "أنصار الله"], "ORG", "YEMREB"),
        (["قوات سوريا الديمقراطية", "قسد"], "ORG", "SYRREB"),
    ],
)
def test_variants_share_one_entity(by_surface, variants, type_, code):
    rows = [by_surface[key(v)] for v in variants]
    assert {r["canonical"] for r in rows} == {rows[0]["canonical"]}
    assert {(r["type"], r["code"]) for r in rows} == {(type_, code)}


def test_up_actor_rows_are_names(entities):
    """Dictionary rows are surface forms: no lemma joins, titles or snippets."""
    up = [r for r in entities if r["source"] == "up-actors"]
    assert len(up) > 500
    for r in up:
        assert "_" not in r["surface"] and len(r["surface"].split()) >= 2, r
        assert r["surface"].split()[0] not in {"رئيس", "وزير", "وزارة", "قوة", "حكومة"}, r
    assert any(r["surface"] == "برفيز مشرف" and r["code"] == "PAKGOV" for r in up)


@pytest.fixture(scope="module")
def nationalities() -> dict[str, str]:
    rows = read("nationalities.tsv")
    out: dict[str, str] = {}
    for r in rows:
        k = normalise(r["surface"])
        assert out.setdefault(k, r["country"]) == r["country"], r
    return out


@pytest.mark.parametrize(
    "surface, country",
    [
        ("الروسي", "RUS"), ("الروسية", "RUS"), ("الروس", "RUS"), ("روسي", "RUS"), ("روسية", "RUS"),
        ("الأميركي", "USA"), ("الأمريكي", "USA"), ("الأمريكية", "USA"), ("الأميركيين", "USA"),
        ("الكازاخي", "KAZ"), ("الكازاخستاني", "KAZ"), ("السوري", "SYR"), ("السورية", "SYR"),
        ("السوريون", "SYR"), ("الفرنسي", "FRA"), ("التركي", "TUR"), ("الأتراك", "TUR"),
        ("الإيراني", "IRN"), ("الإيرانيون", "IRN"), ("الكوري الشمالي", "PRK"),
        ("الكورية الجنوبية", "KOR"), ("البريطانية", "GBR"), ("الألمان", "DEU"),
    ],
)
def test_nationality_forms(nationalities, surface, country):
    assert nationalities[normalise(surface)] == country


def test_nationality_breadth(nationalities, alpha3):
    assert len(set(nationalities.values())) >= 120
    assert set(nationalities.values()) <= alpha3
    # ethnic and pan-national words are not nationalities
    for word in ("العرب", "الأكراد", "الكردي", "العربي"):
        assert normalise(word) not in nationalities


def test_titles(entities):
    rows = read("titles.tsv")
    assert list(rows[0]) == ["surface", "role", "kind", "source"]
    table = {key(r["surface"]): r for r in rows}
    assert len(table) == len(rows)
    for r in rows:
        assert r["kind"] in ("title", "agent"), r
        assert r["source"] in ("curated", "up-agents"), r
        assert len(r["role"]) % 3 == 0 and {r["role"][i : i + 3] for i in range(0, len(r["role"]), 3)} <= ROLES, r
    expect = {
        "الرئيس": ("GOV", "title"), "وزير الخارجية": ("GOV", "title"), "الناطق باسم": ("GOV", "title"),
        "اللواء": ("MIL", "title"), "المبعوث الأممي": ("IGO", "title"), "القاضي": ("JUD", "title"),
        "الجيش": ("MIL", "agent"), "الشرطة": ("COP", "agent"), "المعارضة": ("OPP", "agent"),
        "المسلحين": ("REB", "agent"), "المتمردين": ("REB", "agent"), "المدنيين": ("CVL", "agent"),
        "البرلمان": ("LEG", "agent"), "المحتجين": ("CVL", "agent"),  # CAMEO-coded GSR: protesters are civilians
    }
    for surface, want in expect.items():
        r = table[key(surface)]
        assert (r["role"], r["kind"]) == want, r
    assert sum(r["source"] == "up-agents" for r in rows) > 100
