"""`orbat.parse.builder` builds mwparserfromhell's own tree, node for node.

The builder assigns the library's private attributes instead of calling its
constructors; these tests compare every attribute of every node with the
tree `mwparserfromhell.parser.Parser` builds, on snippets that hold every
kind of node and on every page of the shared wikitext export.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from mwparserfromhell.parser import Parser
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

from orbat.parse.builder import parse
from orbat.parse.templates import code_text

SNIPPETS = [
    "",
    "plain text",
    "line one\nline two\n\n== Heading ==\ntext",
    "{{Infobox militant organization|name=Foo|active=2012–2015|allies={{flag|Iran}}}}",
    "{{a|b|c=d|e|{{f|g=h}}|=x|y=}}",
    "{{ubl|one|two|three}} and {{nowrap|1 November 2012{{spaced ndash}}present}}",
    "[[Target]] [[Target|label]] [[Foo (bar)|]] [[:Category:X]] [[File:X.jpg|thumb|a [[b]]]]",
    "[[Target|''italic'' and '''bold''']] [[a|b|c]]",
    "<ref>{{cite web|url=http://x.org|title=T}}</ref>",
    "<ref name=\"a b\">content</ref> <ref name=c/> <ref name = 'd' group=n>x</ref>",
    '<span style="color: red" class=x data-a=\'q "r"\'>styled</span>',
    '<div  id = "x"   >block</div><br><br/><br /><hr>',
    "<small>unclosed <b>bold</b> <nowiki>[[not a link]]</nowiki> <pre>pre</pre>",
    "</ref> stray close <references/> <gallery>a.jpg</gallery>",
    "* one\n** two\n# three\n; term : definition\n----\n",
    "''italic'' '''bold''' '''''both''''' ''unclosed",
    '{| class="wikitable"\n|-\n! head\n|-\n| cell || cell\n|}',
    "[http://example.org title] [http://example.org] http://bare.example.org/x?y=z",
    "&amp; &nbsp; &#123; &#x4E; &bogus;",
    "<!-- comment --> text <!-- unclosed",
    "{{{1}}} {{{name|default}}} {{{a|{{b}}}}}",
    "== Level 2 ==\n=== Level 3 ===\n====== Six ======\n= One =",
    "{{#tag:ref|note|name=n}} {{formatnum:1234}} {{lang-ar|عربي}}",
    "{{a|[[b|c]]|d=<ref>e</ref>}}",
    "unbalanced {{ template [[ link <span> tag",
    "<ref name=x>a {{b|c}} [http://d e]</ref>",
]


def same(a: Any, b: Any, path: str = "") -> None:
    """Assert two trees are equal in every attribute of every node."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, Wikicode):
        assert type(a.nodes) is SmartList and type(b.nodes) is SmartList, path
        assert len(a.nodes) == len(b.nodes), path
        for i, (x, y) in enumerate(zip(a.nodes, b.nodes, strict=True)):
            same(x, y, f"{path}/{i}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    elif hasattr(a, "__dict__"):
        assert vars(a).keys() == vars(b).keys(), path
        for key in vars(a):
            same(vars(a)[key], vars(b)[key], f"{path}.{key}")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_build_the_librarys_tree(text: str) -> None:
    tree = parse(text)
    same(tree, Parser().parse(text))
    assert str(tree) == text


def test_pieces_of_the_export_build_the_librarys_tree(shared: Path) -> None:
    from orbat.sources.files import read_path

    docs = list(read_path(shared / "corpus" / "wikitext" / "syria_2015_infoboxes.xml"))
    texts = [d.text for d in docs if not isinstance(d, Exception)]
    assert texts
    rng = random.Random(7)
    whole = "".join(texts)
    pieces = texts + [
        whole[a : a + rng.randrange(2000)] for a in rng.sample(range(len(whole)), 300)
    ]
    for text in pieces:
        same(parse(text), Parser().parse(text))


@pytest.mark.parametrize("text", SNIPPETS)
def test_code_text_is_str(text: str) -> None:
    tree = parse(text)
    assert code_text(tree) == str(tree)
    for node in tree.nodes:
        for child in getattr(node, "__children__", lambda: iter(()))():
            assert code_text(child) == str(child)
