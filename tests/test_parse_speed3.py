"""Shortcuts in `orbat.parse` give what the plain code gave, on varied and random wikitext.

`Renderer.size` and `_tag_size` add up lengths instead of building strings,
`Renderer.plain` skips the tokens for one run of text, `ref_name` reads the
attributes in one pass, `MappedText.concat` checks its parts in one pass, and
the builder makes its `SmartList`s without their Python constructor; each is
compared here with the straightforward construct it replaced.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mwparserfromhell.nodes import Tag
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import Parser
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

from orbat.parse.builder import parse
from orbat.parse.references import ref_name
from orbat.parse.templates import BREAK, NEWLINE, TEXT, Token
from orbat.parse.textmap import MappedText
from orbat.parse.wikitext import Renderer
from test_parse_builder import SNIPPETS

_PIECES = [
    "{{", "}}", "[[", "]]", "|", "=", "<", ">", "/", "'", "''", "'''", '"', "\n", " ", "  ",
    "a", "Bb", "ref", "br", "span", "small", "name", "class", "<ref name=x>", "</ref>",
    "<ref name=\"a b\"/>", "<br/>", "<br>", "</br>", "<small>", "</small>", "<!--", "-->",
    "{{flag|", "[[Foo|", "[http://x.org ", "]", "&amp;", "* ", "# ", "; ", ": ", "----",
    "== ", " ==", "{{{", "}}}", "<span style='x' id=y>", "</span>", "<nowiki>", "</nowiki>",
]  # fmt: skip


def _soups(n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randrange(1, 30)))


def _export_pieces() -> list[str]:
    path = Path(__file__).resolve().parents[2] / "shared/corpus/wikitext/syria_2015_infoboxes.xml"
    if not path.exists():
        return []
    from orbat.sources.files import read_path

    texts = [d.text for d in read_path(path) if not isinstance(d, Exception)]
    rng = random.Random(11)
    whole = "".join(texts)
    return texts[:20] + [
        whole[a : a + rng.randrange(1500)] for a in rng.sample(range(len(whole)), 100)
    ]


_TEXTS = SNIPPETS + list(_soups(3000, 5)) + _export_pieces()


def _walk(obj: Any) -> Iterator[Any]:
    """Every Wikicode, node, parameter and tag attribute of a tree."""
    yield obj
    if isinstance(obj, Wikicode):
        for node in obj.nodes:
            yield from _walk(node)
        return
    if isinstance(obj, Parameter):
        yield from _walk(obj.name)
        yield from _walk(obj.value)
        return
    if isinstance(obj, Attribute):
        yield from _walk(obj.name)
        if obj.value is not None:
            yield from _walk(obj.value)
        return
    if isinstance(obj, Tag):
        yield from (a for attr in obj.attributes for a in _walk(attr))
    children = getattr(obj, "__children__", None)
    if children is not None:
        for child in children():
            yield from _walk(child)
    if hasattr(obj, "params"):
        for p in obj.params:
            yield from _walk(p)


def test_size_is_the_length_of_the_string() -> None:
    for text in _TEXTS:
        r = Renderer()
        for obj in _walk(parse(text)):
            if isinstance(obj, Attribute):
                continue  # measured only inside its tag
            assert r.size(obj) == len(str(obj)), (text, type(obj).__name__, str(obj))


def _reference_plain(r: Renderer, code: Wikicode, base: int = 0) -> str:
    """`Renderer.plain` without its shortcut: every node rendered to tokens."""
    out: list[Token] = []
    r.nodes(code, base, out)
    chunks = [
        tok[1].text if tok[0] == TEXT else " " for tok in out if tok[0] in (TEXT, NEWLINE, BREAK)
    ]
    return " ".join("".join(chunks).split())


def test_plain_is_the_rendered_text() -> None:
    rng = random.Random(9)
    words = ["a", "b c", " ", "\n", "\n\n", "\t", "''", "'''", "<", "<br>", "<small>", "x<y", "é"]
    texts = ["".join(rng.choice(words) for _ in range(rng.randrange(8))) for _ in range(3000)]
    for text in texts + _TEXTS[:500]:
        code = parse(text)
        assert Renderer().plain(code) == _reference_plain(Renderer(), code), text
    deep = Renderer()
    deep.depth = 500  # beyond MAX_DEPTH nothing renders, shortcut or not
    assert deep.plain(parse("plain words")) == ""


def _reference_ref_name(tag: Tag) -> str | None:
    if not tag.has("name"):
        return None
    value = str(tag.get("name").value).strip().strip("\"'").strip()
    return " ".join(value.split()) or None


def test_ref_name_is_the_last_name_attribute() -> None:
    rng = random.Random(4)
    attrs = [
        " name=a", " name = 'b c'", ' name="d"', " name", " Name=e", " group=g", " name=",
        ' name=" "', " name={{x}}", " NAME=f", " name='h'", " id=i",
    ]  # fmt: skip
    tags = 0
    for _ in range(3000):
        text = "<ref" + "".join(rng.choice(attrs) for _ in range(rng.randrange(4)))
        text += rng.choice(["/>", ">x</ref>"])
        for node in parse(text).nodes:
            if isinstance(node, Tag):
                tags += 1
                assert ref_name(node) == _reference_ref_name(node), text
    assert tags > 2000


def _reference_concat(parts: list[MappedText]) -> MappedText:
    """`MappedText.concat` as it was: one pass for the maps, another for the offsets."""
    text = "".join(p.text for p in parts)
    pos = None
    contiguous = True
    for p in parts:
        if pos is not None and p.base != pos:
            contiguous = False
        pos = p.base + len(p.text)
    if all(p.starts is None for p in parts) and contiguous:
        return MappedText(text, parts[0].base if parts else 0)
    starts: list[int] = []
    ends: list[int] = []
    for p in parts:
        if p.starts is None:
            starts.extend(range(p.base, p.base + len(p.text)))
            ends.extend(range(p.base + 1, p.base + len(p.text) + 1))
        else:
            starts.extend(p.starts)
            ends.extend(p.ends)  # type: ignore[arg-type]
    return MappedText(text, 0, starts, ends)


def test_concat_matches_the_two_pass_version() -> None:
    rng = random.Random(2)
    for _ in range(5000):
        parts = []
        at = rng.randrange(50)
        for _ in range(rng.randrange(5)):
            text = "".join(rng.choice("ab ") for _ in range(rng.randrange(4)))
            if rng.random() < 0.2:
                parts.append(MappedText.generated(text, at, at + 3))
            else:
                parts.append(MappedText(text, at))
            at += len(text) + (rng.randrange(2) if rng.random() < 0.3 else 0)
        assert MappedText.concat(parts) == _reference_concat(parts), parts


def test_slice_then_strip_is_one_slice_of_the_stripped_bounds() -> None:
    """`assemble_value` cuts an item as one slice of the bounds the string strips to."""
    rng = random.Random(8)
    for _ in range(5000):
        text = "".join(rng.choice("a  \n") for _ in range(rng.randrange(10)))
        value = MappedText.concat(
            [MappedText(text, 3), MappedText.generated(text, 40, 44)][: rng.randrange(1, 3)]
        )
        a = rng.randrange(len(value.text) + 1)
        b = rng.randrange(a, len(value.text) + 1)
        piece = value.text[a:b]
        left = len(piece) - len(piece.lstrip())
        assert value.slice(a + left, a + max(left, len(piece.rstrip()))) == (
            value.slice(a, b).strip()
        )


@pytest.mark.parametrize("text", SNIPPETS)
def test_built_smart_lists_behave_as_constructed_ones(text: str) -> None:
    for obj in _walk(parse(text)):
        if isinstance(obj, Wikicode):
            nodes = obj.nodes
            assert type(nodes) is SmartList
            assert nodes._children == {}  # noqa: SLF001 - what `SmartList.__new__` sets
            assert list(nodes) == list(SmartList(list(nodes)))
    for code in (parse("a [[b]] {{c}}"), Parser().parse("a [[b]] {{c}}")):
        view = code.nodes[1:]  # a child proxy, kept in step with its parent
        code.nodes.append(parse("d").nodes[0])
        assert [str(n) for n in view] == ["[[b]]", " ", "{{c}}", "d"]
