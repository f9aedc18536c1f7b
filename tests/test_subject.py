"""The subject of an article: its kind and its names."""

from __future__ import annotations

import pytest

from orbat.extract import extract
from orbat.extract.subject import subject_kind
from orbat.model import Document, Kind


@pytest.mark.parametrize(
    ("infobox", "kind"),
    [
        ("military unit", Kind.ORGANISATION),
        ("war faction", Kind.ORGANISATION),
        ("militant organization", Kind.ORGANISATION),
        ("military person", Kind.PERSON),
        ("military conflict", Kind.BATTLE),
        ("settlement", Kind.PLACE),
        (None, Kind.ORGANISATION),
    ],
)
def test_kind_follows_the_infobox(infobox: str | None, kind: Kind) -> None:
    assert subject_kind(infobox) == kind


def test_disambiguated_title_on_a_wiki_page_is_a_name_not_a_miscited_claim() -> None:
    text = "{{Infobox military unit\n| unit_name = Test Brigade\n| size = 1,000\n}}\n"
    ex = extract(Document(text, "Test Brigade (Syria)", "x.xml#Test Brigade (Syria)", "wikitext"))
    assert "Test Brigade" in ex.entities[ex.subject.id].aliases
    for c in ex.claims:
        assert c.source.quote == text[c.source.start : c.source.end]
        assert not c.source.method.startswith("title:")


def test_disambiguated_title_in_plain_text_is_cited_where_it_stands() -> None:
    text = "= Test Brigade (Syria) =\n\nInfobox\n- Size: 1,000\n"
    ex = extract(Document(text, "Test Brigade (Syria)", "t.txt"))
    alias = [c for c in ex.claims if c.property == "alias"]
    assert [c.value for c in alias] == ["Test Brigade"]
    assert alias[0].source.quote == "Test Brigade (Syria)"
