"""Wikitext pages → Article: offsets, the infobox split, prose, links and bad input."""

from __future__ import annotations

from pathlib import Path

import mwparserfromhell
import pytest

from orbat.errors import InputError
from orbat.model import Document
from orbat.parse import wikitext
from orbat.parse.textmap import MappedText
from orbat.parse.wikitext import Renderer, find_link, link_target, parse_wikitext
from orbat.sources.mediawiki import iter_pages

SYRIA = (
    Path(__file__).resolve().parents[1].parent / "shared/corpus/wikitext/syria_2015_infoboxes.xml"
)
DBPEDIA = SYRIA.parents[1] / "dumps" / "dbpedia_minidump_en_wiki.xml.bz2"


def _pages(path: Path) -> list[Document]:
    return [
        Document(p.text, p.title, f"{path}#{p.title}", "wikitext")
        for p in iter_pages(path, namespaces=None)
        if not p.redirect
    ]


@pytest.fixture(scope="module")
def syria(shared: Path) -> dict[str, Document]:
    return {d.title: d for d in _pages(SYRIA)}


def _assert_maps_back(doc: Document, text: MappedText) -> None:
    """Every character that stands for one source character is that character."""
    if text.starts is None:
        assert doc.text[text.base : text.base + len(text.text)] == text.text
        return
    assert text.ends is not None
    for i, ch in enumerate(text.text):
        s, e = text.starts[i], text.ends[i]
        if e - s == 1 and ch not in " \n":
            assert doc.text[s] == ch, (doc.title, text.text[max(0, i - 20) : i + 20])


def test_every_page_of_the_export_maps_back_to_its_wikitext(syria: dict[str, Document]) -> None:
    assert len(syria) == 44
    for doc in syria.values():
        article = parse_wikitext(doc)
        assert article.fields, doc.title
        for f in article.fields:
            _assert_maps_back(doc, f.value)
            for item in f.items:
                _assert_maps_back(doc, item)
            for link in getattr(f, "links", []):
                markup = doc.text[link.lo : link.hi]  # the whole [[…]] or {{flag…}}
                assert markup[:2] in ("[[", "{{") and markup[-2:] in ("]]", "}}"), markup
        for paragraph in article.paragraphs:
            _assert_maps_back(doc, paragraph.text)


def test_dump_pages_render_to_prose_that_maps_back(shared: Path) -> None:
    docs = _pages(DBPEDIA)[:12]
    assert docs
    for doc in docs:
        article = parse_wikitext(doc)
        for paragraph in article.paragraphs:
            _assert_maps_back(doc, paragraph.text)
            assert "[[" not in paragraph.text.text and "{{" not in paragraph.text.text
    assert sum(len(parse_wikitext(d).paragraphs) for d in docs) > 100


def test_node_sizes_are_the_lengths_of_their_wikitext(syria: dict[str, Document]) -> None:
    for doc in list(syria.values())[:10]:
        r = Renderer()
        for node in mwparserfromhell.parse(doc.text).filter(recursive=True):
            assert r.size(node) == len(str(node))


def test_infobox_is_split_at_its_top_level_pipes_like_mediawiki(
    syria: dict[str, Document],
) -> None:
    """An unclosed <small> in `headquarters` does not swallow the fields after it."""
    article = parse_wikitext(syria["Al-Nusra Front"])
    assert article.infobox_type == "war faction"
    keys = [f.key for f in article.fields]
    assert keys[-6:] == ["partof", "previous", "next", "allies", "opponents", "battles"] or (
        {"area", "strength", "partof", "allies", "opponents", "battles"} <= set(keys)
    )
    hq = next(f for f in article.fields if f.key == "headquarters")
    assert [i.text.split(",")[0] for i in hq.items] == ["*al-Shahil", "*Harem", "*Salqin"]
    assert "| area" not in hq.value.text


def test_infobox_fields_of_the_ndf_page(syria: dict[str, Document]) -> None:
    doc = syria["National Defence Forces (Syria)"]
    article = parse_wikitext(doc)
    assert article.infobox_type == "military unit"
    fields = {f.name: f for f in article.fields}
    assert fields["dates"].value.text == "1 November 2012 – present"
    assert fields["unit name"].value.text == "National Defence Forces\nقوات الدفاع الوطني"
    assert fields["image"].value.text == ""  # two [[File:…]] and a <br />: no text at all
    garrison = fields["garrison"]
    assert [i.text for i in garrison.items][:3] == [
        "3002 Damascus, Syria (main HQ)",
        "With elements in:",
        "Aleppo Governorate",
    ]
    s, e = garrison.items[0].source_span()
    assert doc.text[s:e] == "3002 [[Damascus]], [[Syria]] (main HQ)"
    battles = [i.text for i in fields["battles"].items]
    assert battles[:4] == [
        "Syrian Civil War:",
        "*Al-Qusayr offensive",
        "*Rif Dimashq Governorate campaign",
        "**4th Rif Dimashq offensive",
    ]
    fourth = fields["battles"].items[3]
    assert link_target(fields["battles"], fourth.slice(2)) == (
        "Rif Dimashq offensive (March–August 2013)"
    )


def test_link_targets_name_entities(syria: dict[str, Document]) -> None:
    article = parse_wikitext(syria["Taliban"])
    fields = {f.name: f for f in article.fields}
    war = fields["war"]
    first, second = war.value.split(",")
    assert link_target(war, first) == "War in Afghanistan (1978–present)"  # "the " is filler
    assert link_target(war, second) == "War on Terror"  # "and the " too
    leaders = fields["leaders"]
    omar = leaders.items[0]
    assert link_target(leaders, omar.slice(0, len("Mullah Mohammed Omar"))) == "Mohammed Omar"
    assert link_target(leaders, omar) is None  # the item holds more than the link
    link = find_link(leaders, omar.slice(7, len("Mullah Mohammed Omar")))
    assert link is not None and link.label == "Mullah Mohammed Omar"


PAGE = """{{Infobox militant organization
| name = Test Front
}}
'''Test Front''' ({{lang-ar|جبهة الاختبار}}; '''TF''') is a [[Armed group|militant group]]
formed in [[Idlib]].<ref name="a">{{cite web|url=http://example.org/a|date=1 May 2015}}</ref>

It fought {{nowrap|[[ISIL]]}}.<ref name="a"/>

== History ==
=== Early years ===
* Founded in 2013.
* Merged in 2015.

== References ==
{{reflist}}
* Some book.
"""


def test_prose_paragraphs_sections_and_lead_names() -> None:
    doc = Document(PAGE, "Test Front", "mem", "wikitext")
    article = parse_wikitext(doc)
    got = [(p.section, p.text.text) for p in article.paragraphs]
    assert got == [
        ("Lead", "Test Front (جبهة الاختبار; TF) is a militant group formed in Idlib."),
        ("Lead", "It fought ISIL."),
        ("History > Early years", "Founded in 2013."),
        ("History > Early years", "Merged in 2015."),
    ]
    lead = article.paragraphs[0]
    ((pos, _, citation),) = lead.citations
    assert lead.text.text[:pos].endswith("in Idlib.")
    assert citation.url == "http://example.org/a" and citation.date == "1 May 2015"
    assert article.paragraphs[1].citations[0][2] == citation  # the reused <ref name="a"/>
    assert [name for name, _ in article.aliases] == ["جبهة الاختبار", "TF"]
    for name, text in article.aliases:
        s, e = text.source_span()
        assert doc.text[s:e] == name


def test_an_infobox_that_never_closes_is_an_error_with_its_position() -> None:
    text = "Intro.\n{{Infobox war faction\n| name = X\n| leaders = {{nowrap|[[A]]\n\nText."
    with pytest.raises(InputError) as err:
        parse_wikitext(Document(text, "X", "dump.xml#X", "wikitext"))
    assert err.value.line == 2 and err.value.column == 1
    assert "dump.xml#X" in str(err.value) and "never closed" in str(err.value)


def test_a_commented_out_infobox_is_no_error() -> None:
    text = "<!-- {{Infobox war faction\n| name = X -->\n'''X''' is a group."
    article = parse_wikitext(Document(text, "X", "mem", "wikitext"))
    assert article.fields == [] and article.paragraphs[0].text.text == "X is a group."


def test_deep_nesting_and_unbalanced_markup_do_not_break_the_page() -> None:
    deep = "{{Infobox war faction|name=" + "{{nowrap|" * 500 + "X" + "}}" * 500 + "}}\nText."
    article = parse_wikitext(Document(deep, "X", "mem", "wikitext"))
    assert article.infobox_type == "war faction"
    links = "[[" * 300 + "x" + "]]" * 300 + "\n\n'''Y''' is [[a|b]]."
    article = parse_wikitext(Document(links, "Y", "mem", "wikitext"))
    assert article.paragraphs[-1].text.text == "Y is b."


def test_prose_of_an_enormous_page_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wikitext, "MAX_PROSE_CHARS", 1000)
    text = "{{Infobox war faction|size=100}}\n" + "A [[b]] sentence.\n\n" * 5000
    article = parse_wikitext(Document(text, "X", "mem", "wikitext"))
    assert article.fields[0].value.text == "100"
    assert 0 < len(article.paragraphs) < 100


# ---------------------------------------------------------------- value rules on wikitext

# (infobox, fields, expected claims: (subject or None for the page, property, value, qualifiers))
RULES = {
    "a headquarters line climbs its hierarchy": (
        "military unit",
        "| garrison = [[Jolo, Sulu|Jolo]], [[Sulu Province|Sulu]], Philippines",
        [(None, "headquarters", "Jolo, Sulu", {"country": "Philippines"})],
    ),
    "an area line lists places": (
        "war faction",
        "| area = [[Baghdad]] and southern [[Iraq]]<br>Pakistan, India",
        [
            (None, "area_of_operations", "Baghdad", {}),
            (None, "area_of_operations", "Iraq", {}),
            (None, "area_of_operations", "Pakistan", {}),
            (None, "area_of_operations", "India", {}),
        ],
    ),
    "active personnel of a national military": (
        "national military",
        "| active = 271,400 (IISS 2013, p.381)",
        [(None, "size", "271,400", {})],
    ),
    "numbered leader and title": (
        "war faction",
        "| leader1_name = [[Abu Mohammad al-Julani]]\n| leader1_title = Emir",
        [(None, "commander", "Abu Mohammad al-Julani", {"role": "Emir"})],
    ),
    "a date on the line below a size": (
        "war faction",
        "| strength = 35,000–40,000 (own claim)<br><small>(June 2013)</small>",
        [(None, "size", "35,000–40,000", {"point_in_time": "2013-06"})],
    ),
    "a remark in brackets is not the total": (
        "military unit",
        "| size = 60,000 (including 20,000 reserve)",
        [(None, "size", "60,000", {})],
    ),
    "a status is no role": (
        "war faction",
        "| leaders = [[Qais al-Khazali]]{{POW}}",
        [(None, "commander", "Qais al-Khazali", {"note": "POW"})],
    ),
    "commands of a military person": (
        "military person",
        "| commands = [[Army of Mississippi]] (CSA)",
        [("Army of Mississippi", "commander", "T", {"note": "CSA"})],
    ),
    "two linked wars joined by and": (
        "war faction",
        "| war = the [[Syrian Civil War]] and [[Iraqi insurgency (post-U.S. withdrawal)|Iraqi "
        "insurgency]]",
        [
            (None, "conflict", "Syrian Civil War", {}),
            (None, "conflict", "Iraqi insurgency (post-U.S. withdrawal)", {}),
        ],
    ),
    "a battle where the subject fell": (
        "military person",
        "| battles = [[American Civil War]]\n* [[Battle of Shiloh]]{{KIA}}",
        [
            (None, "conflict", "American Civil War", {}),
            (None, "conflict", "Battle of Shiloh", {}),
            ("Battle of Shiloh", "part_of", "American Civil War", {}),
        ],
    ),
    "religion is membership": (
        "war faction",
        "| religion = [[Sunni Islam]]",
        [(None, "membership", "Sunni Islam", {})],
    ),
    "funding is funded_by": (
        "war faction",
        "| funding = {{flag|Iran}}",
        [(None, "funded_by", "Iran", {})],
    ),
    "groups are subunits": (
        "war faction",
        "| clans = * [[Ahrar ash-Sham]]\n* [[al-Nusra Front]]",
        [(None, "has_subunit", "Ahrar ash-Sham", {}), (None, "has_subunit", "al-Nusra Front", {})],
    ),
    "a season before a year": (
        "war faction",
        "| active = Summer 2012<ref>x</ref>– present",
        [(None, "inception", "2012", {})],
    ),
    "a kunya in brackets is an alias": (
        "war faction",
        "| leaders = Osama Juneidi (Abu Sayeh)",
        [(None, "commander", "Osama Juneidi", {}), ("Osama Juneidi", "alias", "Abu Sayeh", {})],
    ),
    "a section link is named by its label": (
        "war faction",
        "| opponents = [[Iraqi insurgency (Iraq War)#Sunni Islamist|Sunni Insurgents]]",
        [(None, "opponent", "Sunni Insurgents", {})],
    ),
}


@pytest.mark.parametrize("name", list(RULES))
def test_value_rules_on_wikitext(name: str) -> None:
    from orbat.extract import extract
    from orbat.model import value_text

    box, fields, expected = RULES[name]
    text = "{{Infobox " + box + "\n" + fields + "\n}}\n"
    ex = extract(Document(text, "T", "mem", "wikitext"))
    got = [
        (
            c.subject.name,
            c.property,
            value_text(c.value),
            {k: value_text(v) for k, v in c.qualifiers},
        )
        for c in ex.claims
    ]
    for subject, prop, value, quals in expected:
        matches = [g for g in got if g[0] == (subject or "T") and g[1] == prop and g[2] == value]
        assert matches, (name, prop, value, got)
        assert any(quals.items() <= g[3].items() for g in matches), (name, matches)
    props = {p for _, p, _, _ in expected}
    assert len(
        [g for g in got if g[1] in props and g[0] in {s or "T" for s, *_ in expected}]
    ) == len(expected), got


def test_link_labels_become_aliases_only_when_they_name_the_same_thing() -> None:
    from orbat.extract.infobox import _good_alias
    from orbat.model import Kind

    good = [
        ("Islamic Front", "Islamic Front (Syria)", Kind.ORGANISATION),
        ("ISIS", "Islamic State of Iraq and the Levant", Kind.OTHER),
        ("Mullah Mohammed Omar", "Mohammed Omar", Kind.PERSON),
        ("4th Rif Dimashq offensive", "Rif Dimashq offensive (March–August 2013)", Kind.BATTLE),
        ("Syrian Arab Republic", "Syria", Kind.OTHER),
    ]
    bad = [
        ("al-Shahil", "Deir ez-Zor", Kind.PLACE),
        ("Air Force", "Iraqi Air Force", Kind.ORGANISATION),
        ("Islamic State of Iraq", "Islamic State in Iraq and the Levant", Kind.OTHER),
        ("Coalition", "Multi-National Force – Iraq", Kind.OTHER),
        ("terrorism in Uzbekistan", "History of Uzbekistan (1991–present)", Kind.BATTLE),
    ]
    assert all(_good_alias(label, target, kind) for label, target, kind in good)
    assert not any(_good_alias(label, target, kind) for label, target, kind in bad)
