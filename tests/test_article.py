"""The plain-text article format, read as a general format."""

from __future__ import annotations

import pytest

from orbat.errors import InputError
from orbat.model import Document
from orbat.parse.article import parse_article

TEXT = """= Free Test Brigade =

Infobox
- Name: The Brigade
- Size: 1,000 (2019)
- Empty label:

The Free Test Brigade (FTB) is an invented group.

== History ==
It was founded in 2011.
=== Later ===
It split in 2015.

== See also ==
- Other group
"""


def test_sections_fields_and_offsets() -> None:
    doc = Document(TEXT, "Free Test Brigade", "mem")
    art = parse_article(doc)
    assert art.title == "Free Test Brigade"
    assert [f.name for f in art.fields] == ["name", "size", "empty label"]
    size = art.fields[1].value
    s, e = size.source_span()
    assert TEXT[s:e] == "1,000 (2019)"
    assert art.fields[2].value.text == ""
    sections = [(p.section, p.text.text) for p in art.paragraphs]
    assert sections[0] == ("Lead", "The Free Test Brigade (FTB) is an invented group.")
    assert ("History > Later", "It split in 2015.") in sections
    assert ("See also", "Other group") in sections
    for p in art.paragraphs:
        s, e = p.text.source_span()
        assert TEXT[s:e] == p.text.text


@pytest.mark.parametrize(
    ("text", "line"),
    [("no title here\n", 1), ("\n\n  Not a title\n", 3), ("== Section ==\nx\n", 1)],
)
def test_missing_title_names_the_line(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        parse_article(Document(text, "x", "bad.txt"))
    assert info.value.line == line
    assert "bad.txt:" in str(info.value)
