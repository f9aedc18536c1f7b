"""Shortcuts in `orbat.parse.wikitext` and `orbat.parse.templates` give what the plain code gave."""

from __future__ import annotations

import random

from orbat.parse.templates import Tpl, parse_code
from orbat.parse.wikitext import _OPAQUE, Renderer, _top_level_equals


def _reference_top_level_equals(segment: str) -> int | None:
    """`_top_level_equals` as it was: one character at a time."""
    depth = 0
    pos = 0
    while pos < len(segment):
        if segment.startswith(("{{", "[["), pos):
            depth += 1
            pos += 2
            continue
        if segment.startswith(("}}", "]]"), pos):
            depth = max(0, depth - 1)
            pos += 2
            continue
        ch = segment[pos]
        if ch == "<":
            om = _OPAQUE.match(segment, pos)
            if om is not None:
                pos = om.end()
                continue
        elif ch == "=" and depth == 0:
            return pos
        pos += 1
    return None


def test_top_level_equals_matches_the_character_scan() -> None:
    rng = random.Random(3)
    alphabet = ["{", "}", "[", "]", "<", ">", "=", "a", " ", "<!--", "-->", "<ref>", "</ref>"]
    alphabet += ["<nowiki>", "</nowiki>", "|", "/"]
    for _ in range(20000):
        segment = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert _top_level_equals(segment) == _reference_top_level_equals(segment), segment


def test_arg_is_the_first_non_blank_value_of_the_first_key_given() -> None:
    code = parse_code("{{cite web|title=|url= x |title=T|work=W|title=U|2|1=a|work=}}")
    t = Tpl(code.nodes[0], 0, Renderer().size)

    def reference(*keys: str) -> tuple[str, int] | None:
        for key in keys:
            for k, v, at, _ in t.params:
                if k == key and str(v).strip():
                    return str(v), at
        return None

    for keys in [("title",), ("url",), ("work", "title"), ("nope",), ("1",), ("nope", "1"), ()]:
        got = t.arg(*keys)
        assert (None if got is None else (str(got[0]), got[1])) == reference(*keys), keys
