"""Wikitext pages → `Article`: the infobox as fields, the prose as paragraphs.

The page is parsed with mwparserfromhell and rendered to the text a reader
sees, every character mapped back to the raw wikitext it came from, so claims
cite offsets in the stored revision. Templates are rendered, not dropped
(`orbat.parse.templates`); references become citations positioned right after
the text they support (`orbat.parse.references`).

An infobox value is rendered with its structure: `<br>`, line breaks, list
templates and `*` lines separate items (the stars stay in an item's text, so
a battle tree keeps its depth), and every wikilink is remembered with its
target, so that handlers can name entities by the page a link points to
rather than by the label it shows (`link_target`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.wikicode import Wikicode

from orbat.errors import InputError
from orbat.model import Citation, Document
from orbat.parse.references import citation_from_content, named_refs, ref_name
from orbat.parse.structure import Article, InfoboxField, Paragraph
from orbat.parse.templates import (
    BOLD,
    BOLD_END,
    BREAK,
    CITE,
    FLAG,
    HEADING,
    LINK,
    LINK_END,
    NATIVE,
    NATIVE_END,
    NEWLINE,
    STAR,
    TEXT,
    Token,
    code_text,
    parse_code,
    render_template,
    template_name,
)
from orbat.parse.textmap import MappedText
from orbat.sources.mediawiki import ARMED_GROUP_TEMPLATES

__all__ = ["Link", "WikiField", "find_link", "link_target", "parse_wikitext"]

LEAD = "Lead"
MAX_DEPTH = 200  # nesting beyond this renders nothing rather than exhausting the stack

# Sections that hold apparatus, not prose about the subject.
_SKIP_SECTIONS = {
    "references",
    "notes",
    "footnotes",
    "citations",
    "sources",
    "bibliography",
    "further reading",
    "external links",
    "notes and references",
    "references and notes",
}
# Tags whose content is not part of the text a reader sees.
_DROP_TAGS = {
    "references",
    "gallery",
    "timeline",
    "imagemap",
    "math",
    "chem",
    "ce",
    "score",
    "graph",
    "mapframe",
    "maplink",
    "templatedata",
    "templatestyles",
    "noinclude",
    "includeonly",
    "syntaxhighlight",
    "source",
    "s",
    "del",
    "strike",
    "inputbox",
    "categorytree",
    "indicator",
}
_BLOCK_TAGS = {
    "div",
    "p",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "li",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "blockquote",
    "center",
}
_STRAY_TAG = re.compile(r"</?\s*([A-Za-z]+)\b[^<>]*?/?>")
_STRAY_QUOTES = re.compile(r"'{2,}")
_WORD = re.compile(r"[^\W_]")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
# Prose beyond this is not read: no article is this long, and a page that is
# must not hold up a dump. The infobox is always read.
MAX_PROSE_CHARS = 1_000_000
_SPACE_CHARS = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u200b"}
_INTERLANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z]{2,8})?")
# The same templates decide which dump pages are read at all and which infobox of a page is
# the subject's; one list, so the two can never disagree.
_ARMED_GROUP_INFOBOXES = frozenset(ARMED_GROUP_TEMPLATES)


class Link(NamedTuple):
    """A wikilink in a field value: the source span of its label and the page it names."""

    lo: int
    hi: int
    target: str | None  # None for links into a section, whose page is not the thing named
    label: str


@dataclass(slots=True)
class WikiField(InfoboxField):
    """An infobox field read from wikitext: with the links its value holds."""

    links: list[Link] = field(default_factory=list)


# ---------------------------------------------------------------- rendering


class Renderer:
    """Renders parsed wikitext into tokens whose text keeps its source offsets."""

    def __init__(self, refs: dict[str, Citation] | None = None) -> None:
        self.refs: dict[str, Citation] = refs or {}
        self.depth = 0
        # Source lengths of nodes, by identity; the node is kept so that its id stays its own.
        self._sizes: dict[int, tuple[object, int]] = {}

    def size(self, obj: Any) -> int:
        """How many characters of wikitext a node spans, without building its string.

        `str(node)` rebuilds the whole subtree at every level of nesting; lengths
        are summed once and remembered. Text, the commonest node, is measured
        directly: its length costs less than a lookup. One function, not one per
        kind, so that deep nesting costs no more stack than rendering it does;
        kinds are told apart by exact type (mwparserfromhell does not subclass
        its nodes), commonest first, rather than by a chain of `isinstance`.
        Attributes are read behind their properties (`_nodes`, not `nodes`): a
        property is a Python call, and a page measures ~10^4 nodes. The names are
        those `orbat.parse.builder` assigns, for the pinned version.
        """
        kind = type(obj)
        if kind is Text:
            return len(obj._value)
        hit = self._sizes.get(id(obj))
        if hit is not None:
            return hit[1]
        size = self.size
        if kind is Wikicode:
            n = 0
            for node in obj._nodes:
                n += len(node._value) if type(node) is Text else size(node)
        elif kind is Parameter:
            n = size(obj._value) + (size(obj._name) + 1 if obj._showkey else 0)
        elif kind is Template:
            params = obj._params
            n = 4 + size(obj._name) + len(params) + sum(map(size, params))
        elif kind is Wikilink:
            text = obj._text
            n = 4 + size(obj._title) + (1 + size(text) if text is not None else 0)
        elif kind is Tag:
            n = self._tag_size(obj)
        elif kind is Heading:
            n = 2 * obj.level + size(obj.title)
        else:  # the rare kinds, and any subclass: a length is a length
            n = len(str(obj))
        self._sizes[id(obj)] = (obj, n)
        return n

    def _tag_size(self, tag: Any) -> int:
        """`len(str(tag))`, from the lengths of its parts (private attributes: see `size`)."""
        size = self.size
        attrs = 0
        for a in tag._attrs:  # `len(str(a))`, without building the attribute's string
            attrs += len(a._pad_first) + size(a._name) + len(a._pad_before_eq)
            value = a._value
            if value is not None:
                attrs += 1 + len(a._pad_after_eq) + size(value)
                if a._quotes:
                    attrs += 2 * len(a._quotes)
        markup = tag._wiki_markup
        if markup:
            head = len(markup) + attrs + len(tag._padding or "")
            head += len(tag._wiki_style_separator or "")
            if tag._self_closing:
                return head
            return head + size(tag._contents) + len(tag._closing_wiki_markup or "")
        n = (2 if tag._invalid else 1) + size(tag._tag) + attrs + len(tag._padding or "")
        if tag._self_closing:
            return n + (1 if tag._implicit else 2)
        return n + 1 + size(tag._contents) + 3 + size(tag._closing_tag)

    def nodes(self, code: Wikicode, base: int, out: list[Token]) -> None:
        if self.depth > MAX_DEPTH:
            return
        self.depth += 1
        try:
            pos = base
            measure = self.size
            render = self.node
            text = self.text
            append = out.append
            for node in code._nodes:  # private attributes: see `size`
                if type(node) is Text:  # the commonest node, rendered without the dispatch
                    value = node._value
                    if "\n" in value or "<" in value or "''" in value:
                        text(value, pos, out)
                    elif value:  # one line of plain text: what `text` would give
                        append((TEXT, MappedText(value, pos)))
                    pos += len(value)
                    continue
                size = measure(node)
                render(node, size, pos, out)
                pos += size
        finally:
            self.depth -= 1

    def plain(self, code: Wikicode, base: int = 0) -> str:
        """The text a reader sees, one line: for template arguments, headings, citation fields."""
        nodes = code._nodes  # private attributes: see `size`
        if len(nodes) == 1 and self.depth <= MAX_DEPTH:
            (node,) = nodes
            if type(node) is Text:
                value = node._value
                if "<" not in value and "''" not in value:
                    # One run of text with no markup left in it (most citation fields):
                    # its lines are its tokens, and the spaces are normalized below anyway.
                    return " ".join(value.split())
        out: list[Token] = []
        self.nodes(code, base, out)
        chunks: list[str] = []
        for tok in out:
            if tok[0] == TEXT:
                chunks.append(tok[1].text)
            elif tok[0] in (NEWLINE, BREAK):
                chunks.append(" ")
        return " ".join("".join(chunks).split())

    def node(self, node: Node, size: int, pos: int, out: list[Token]) -> None:
        kind = type(node)  # the common kinds by exact type first: a chain of isinstance costs
        if kind is Template:
            render_template(self, node, pos, out)
        elif kind is Wikilink:
            self.wikilink(node, size, pos, out)
        elif kind is Tag:
            self.tag(node, size, pos, out)
        elif isinstance(node, Text):
            self.text(node.value, pos, out)
        elif isinstance(node, Template):
            render_template(self, node, pos, out)
        elif isinstance(node, Wikilink):
            self.wikilink(node, size, pos, out)
        elif isinstance(node, Tag):
            self.tag(node, size, pos, out)
        elif isinstance(node, ExternalLink):
            if not node.brackets:
                out.append((TEXT, MappedText(str(node), pos)))  # a bare URL reads as itself
            elif node.title is not None:
                at = pos + 1 + len(str(node.url)) + (0 if node.suppress_space else 1)
                self.nodes(node.title, at, out)
        elif isinstance(node, HTMLEntity):
            try:
                char = node.normalize()
            except (ValueError, KeyError):
                char = str(node)
            if char in _SPACE_CHARS:
                char = " "
            out.append((TEXT, MappedText.generated(char, pos, pos + size)))
        elif isinstance(node, Heading):
            title = self.plain(node.title, pos + node.level)
            out.append((HEADING, node.level, title))
        elif isinstance(node, Argument):
            if node.default is not None:
                self.nodes(node.default, pos + 3 + len(str(node.name)) + 1, out)
        elif isinstance(node, Comment):
            return

    def text(self, value: str, pos: int, out: list[Token]) -> None:
        """Plain text, with line breaks as tokens and markup the parser left as text removed."""
        start = 0
        while True:
            nl = value.find("\n", start)
            end = len(value) if nl < 0 else nl
            if end > start:
                self._line(value[start:end], pos + start, out)
            if nl < 0:
                return
            out.append((NEWLINE, pos + nl))
            start = nl + 1

    def _line(self, line: str, pos: int, out: list[Token]) -> None:
        if "<" not in line and "''" not in line:
            out.append((TEXT, MappedText(line, pos)))
            return
        # Unclosed <small>, stray </ref> or ''' that the parser could not pair stay text.
        cuts: list[tuple[int, int, bool]] = []
        for m in _STRAY_TAG.finditer(line):
            cuts.append((m.start(), m.end(), m.group(1).lower() == "br"))
        for m in _STRAY_QUOTES.finditer(line):
            cuts.append((m.start(), m.end(), False))
        cuts.sort()
        at = 0
        for s, e, is_break in cuts:
            if s < at:
                continue
            if s > at:
                out.append((TEXT, MappedText(line[at:s], pos + at)))
            if is_break:
                out.append((BREAK, pos + s, pos + e))
            at = e
        if at < len(line):
            out.append((TEXT, MappedText(line[at:], pos + at)))

    def wikilink(self, node: Wikilink, size: int, pos: int, out: list[Token]) -> None:
        # Here and in `tag`, attributes are read behind their properties: see `size`.
        title = code_text(node._title)
        stripped = title.strip()
        colon = stripped.startswith(":")
        prefix, sep, _ = stripped.lstrip(":").partition(":")
        prefix = prefix.strip().lower()
        if sep and not colon:
            if prefix in ("file", "image", "media", "category"):
                return  # pictures and categories are never part of the text
            if node._text is None and _INTERLANGUAGE.fullmatch(prefix):
                return  # [[fr:…]]: the same article in another language
        target = normalize_target(stripped)
        if node._text is not None:
            label_at = pos + 2 + len(title) + 1
            if not code_text(node._text).strip():  # the pipe trick: [[Foo (bar)|]] shows "Foo"
                shown = re.sub(r"\s*\([^()]*\)$", "", stripped.lstrip(":")).split(",")[0]
                out.append((LINK, target, pos, pos + size))
                out.append((TEXT, MappedText.generated(shown, pos, pos + size)))
                out.append((LINK_END,))
                return
            out.append((LINK, target, pos, pos + size))
            self.nodes(node._text, label_at, out)
            out.append((LINK_END,))
            return
        out.append((LINK, target, pos, pos + size))
        if len(node._title._nodes) == 1 and isinstance(node._title._nodes[0], Text):
            lead = len(title) - len(title.lstrip())
            if colon:
                lead += 1
            shown = title[lead:].rstrip()
            out.append((TEXT, MappedText(shown, pos + 2 + lead)))
        else:
            self.nodes(node._title, pos + 2, out)
        out.append((LINK_END,))

    def tag(self, node: Tag, size: int, pos: int, out: list[Token]) -> None:
        name = code_text(node._tag).strip().lower()
        if node._wiki_markup:
            markup = node._wiki_markup
            if name == "li" or markup in ("*", "#"):
                out.append((STAR, pos, markup[0]))
                return
            if name in ("dt", "dd", "hr") or markup in (";", ":", "----"):
                out.append((BREAK, pos, pos + size))
                if node._self_closing:
                    return
        if node._invalid:  # a closing tag with no opening one
            if name == "br":
                out.append((BREAK, pos, pos + size))
            return
        if node._self_closing:
            if name in ("br", "hr"):
                out.append((BREAK, pos, pos + size))
            elif name == "ref":
                ref = ref_name(node)
                citation = self.refs.get(ref) if ref else None
                out.append((CITE, citation or Citation(name=ref)))
            return
        contents = self.size(node._contents)
        if node._wiki_markup:
            close = len(node._closing_wiki_markup or "")
        else:
            close = 3 + self.size(node._closing_tag)
        at = pos + size - close - contents
        if name == "ref":
            ref = ref_name(node)
            citation = self.refs.get(ref) if ref else None
            if citation is None:
                citation = citation_from_content(self, node._contents, ref)
            out.append((CITE, citation))
        elif name in _DROP_TAGS:
            return
        elif name == "nowiki" or name == "pre":
            if contents:
                out.append((TEXT, MappedText(str(node._contents), at)))
        elif name == "b":
            out.append((BOLD,))
            self.nodes(node._contents, at, out)
            out.append((BOLD_END,))
        elif name in _BLOCK_TAGS:
            out.append((BREAK, pos, at))
            self.nodes(node._contents, at, out)
            out.append((BREAK, at + contents, pos + size))
        else:
            self.nodes(node._contents, at, out)


@lru_cache(maxsize=4096)
def normalize_target(title: str) -> str | None:
    """The page a link names: `[[al-Qaeda_in_Iraq]]` → `al-Qaeda in Iraq`; a section → None.

    Remembered: pages link the same few places and groups again and again.
    """
    text = html.unescape(title).replace("_", " ").lstrip(":")
    page, anchor, _ = text.partition("#")
    page = " ".join(page.split())
    if not page or anchor:
        return None
    return page


# ---------------------------------------------------------------- assembling field values


@dataclass(slots=True)
class _Item:
    start: int
    end: int = -1
    header: bool = False


@dataclass(slots=True)
class _Value:
    """Tokens of one field value assembled into text, items, citations and links."""

    parts: list[MappedText] = field(default_factory=list)
    n: int = 0
    items: list[_Item] = field(default_factory=list)
    citations: list[tuple[int, int, Citation]] = field(default_factory=list)
    links: list[tuple[int, int, str | None, int, int]] = field(default_factory=list)
    pending: tuple[int, int] | None = None
    # the item being read
    item_start: int = 0
    has_word: bool = False
    has_digit: bool = False
    has_link: bool = False
    starred: bool = False
    first_bold: bool | None = None
    flags: list[tuple[str, int, int]] = field(default_factory=list)

    def emit(self, text: MappedText, *, real: bool = True) -> None:
        if real and self.pending is not None:
            if self.n > 0:
                lo, hi = self.pending
                self.parts.append(MappedText.generated("\n", lo, hi))
                self.n += 1
                self.item_start = self.n
            self.pending = None
        self.parts.append(text)
        self.n += len(text.text)

    def close_item(self, lo: int, hi: int) -> None:
        if not self.has_word and self.flags:
            for name, f_lo, f_hi in self.flags:
                if self.has_word:
                    self.emit(MappedText.generated(", ", f_lo, f_lo))
                start = self.n
                self.emit(MappedText.generated(name, f_lo, f_hi))
                self.links.append((start, self.n, name, f_lo, f_hi))
                self.has_word = True
        if self.has_word or self.starred:
            header = bool(
                self.first_bold and not self.has_link and not self.has_digit and not self.starred
            )
            self.items.append(_Item(self.item_start, self.n, header))
        if self.n > 0 or self.pending is not None:
            self.pending = (lo, hi)
        self.item_start = self.n
        self.has_word = self.has_digit = self.has_link = self.starred = False
        self.first_bold = None
        self.flags = []


class RenderedValue(NamedTuple):
    value: MappedText
    items: list[MappedText]
    citations: list[tuple[int, int, Citation]]  # in value coordinates
    links: list[Link]  # in source coordinates


def assemble_value(tokens: list[Token], pos: int) -> RenderedValue:
    """A field value: its text, its items (headers left out), its citations and its links."""
    v = _Value()
    bold = 0
    link_stack: list[tuple[int, str | None, int, int]] = []
    for tok in tokens:
        kind = tok[0]
        if kind == TEXT:
            text: MappedText = tok[1]
            words = _WORD.search(text.text) is not None
            if v.pending is None or not (words or v.n > 0):
                v.parts.append(text)  # what `emit` does when no item break is pending
                v.n += len(text.text)
            else:
                v.emit(text)
            if words:
                if v.first_bold is None:
                    v.first_bold = bold > 0
                v.has_word = True
                if _DIGIT.search(text.text):
                    v.has_digit = True
                if link_stack:
                    v.has_link = True
        elif kind in (NEWLINE, BREAK):
            lo = tok[1]
            hi = tok[2] if kind == BREAK else lo + 1
            v.close_item(lo, hi)
        elif kind == STAR:
            if v.has_word:
                v.close_item(tok[1], tok[1])
            v.emit(MappedText(tok[2], tok[1]))
            v.starred = True
        elif kind == CITE:
            v.citations.append((v.n, v.n, tok[1]))
        elif kind == FLAG:
            v.flags.append((tok[1], tok[2], tok[3]))
        elif kind == LINK:
            lo, hi = (tok[2], tok[3]) if len(tok) > 2 else (-1, -1)
            link_stack.append((v.n, tok[1], lo, hi))
        elif kind == LINK_END and link_stack:
            start, target, lo, hi = link_stack.pop()
            if v.n > start:
                v.links.append((start, v.n, target, lo, hi))
        elif kind == BOLD:
            bold += 1
        elif kind == BOLD_END:
            bold = max(0, bold - 1)
    v.close_item(pos, pos)
    value = _widen_links(MappedText.concat(v.parts), v.links) if v.parts else MappedText("", pos)
    lead = len(value.text) - len(value.text.lstrip())
    value = value.strip()  # the slice from `lead`, or the text itself when unpadded
    size = len(value.text)

    def shift(i: int) -> int:
        return min(max(i - lead, 0), size)

    items = []
    whole = value.text
    for it in v.items:
        if it.header:
            continue
        # `value.slice(a, b).strip()` as one slice: the bounds are stripped on the string.
        a, b = shift(it.start), shift(it.end)
        piece = whole[a:b]
        if _WORD.search(piece):  # stripping removes no word character
            left = len(piece) - len(piece.lstrip())
            items.append(value.slice(a + left, a + max(left, len(piece.rstrip()))))
    if len(items) == 1 and items[0].text == whole:
        items = []
    citations = [(shift(s), shift(e), c) for s, e, c in v.citations]
    links = []
    for s, e, target, _, _ in v.links:
        s, e = shift(s), shift(e)
        label = value.text[s:e]
        strip_l = len(label) - len(label.lstrip())
        strip_r = len(label.rstrip())
        if strip_r <= strip_l:
            continue
        lo, hi = value.source_span(s + strip_l, s + strip_r)
        links.append(Link(lo, hi, target, label.strip()))
    return RenderedValue(value, items, citations, links)


def _widen_links(
    text: MappedText, links: list[tuple[int, int, str | None, int, int]]
) -> MappedText:
    """A link's label cites the whole `[[Target|label]]`, so quotes show what was linked."""
    spans = [(s, e, lo, hi) for s, e, _, lo, hi in links if lo >= 0 and e > s]
    if not spans:
        return text
    starts = (
        list(text.starts)
        if text.starts is not None
        else list(range(text.base, text.base + len(text.text)))
    )
    ends = list(text.ends) if text.ends is not None else [i + 1 for i in starts]
    for s, e, lo, hi in spans:
        while s < e and text.text[s].isspace():
            s += 1
        while e > s and text.text[e - 1].isspace():
            e -= 1
        if e > s:
            starts[s] = min(starts[s], lo)
            ends[e - 1] = max(ends[e - 1], hi)
    return MappedText(text.text, 0, starts, ends)


# ---------------------------------------------------------------- assembling prose


@dataclass(slots=True)
class _Prose:
    paragraphs: list[Paragraph] = field(default_factory=list)
    aliases: list[MappedText] = field(default_factory=list)
    parts: list[MappedText] = field(default_factory=list)
    n: int = 0
    citations: list[tuple[int, int, Citation]] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # bold and native-name spans
    path: list[tuple[int, str]] = field(default_factory=list)
    skipping: bool = False

    @property
    def section(self) -> str:
        return " > ".join(t for _, t in self.path) or LEAD

    def end(self) -> None:
        if self.parts and not self.skipping:
            text = MappedText.concat(self.parts)
            lead = len(text.text) - len(text.text.lstrip())
            body = text.slice(lead, max(lead, len(text.text.rstrip())))
            if _LETTER.search(body.text):
                size = len(body.text)
                cites = [
                    (min(max(s - lead, 0), size), min(max(e - lead, 0), size), c)
                    for s, e, c in self.citations
                ]
                first_lead = not self.paragraphs and self.section == LEAD
                self.paragraphs.append(Paragraph(body, self.section, cites))
                if first_lead:
                    for s, e in self.marks:
                        name = text.slice(s, e).strip(" ,;:()'\"")
                        if name.text:
                            self.aliases.append(name)
        self.parts = []
        self.n = 0
        self.citations = []
        self.marks = []


def assemble_prose(tokens: list[Token]) -> tuple[list[Paragraph], list[MappedText]]:
    """Paragraphs by section, and the names the lead gives its subject (bold, native script)."""
    p = _Prose()
    newline_run = 0
    open_marks: list[int] = []
    for tok in tokens:
        kind = tok[0]
        if kind == TEXT:
            text: MappedText = tok[1]
            if text.text.strip():
                newline_run = 0
            if p.n == 0 and not text.text.strip():
                continue
            p.parts.append(text)
            p.n += len(text.text)
        elif kind == NEWLINE:
            newline_run += 1
            if newline_run >= 2:
                p.end()
            elif p.n > 0:
                p.parts.append(MappedText.generated(" ", tok[1], tok[1] + 1))
                p.n += 1
        elif kind in (BREAK, STAR):
            p.end()
        elif kind == HEADING:
            p.end()
            level, title = tok[1], tok[2]
            while p.path and p.path[-1][0] >= level:
                p.path.pop()
            p.path.append((level, title))
            p.skipping = any(t.strip().lower() in _SKIP_SECTIONS for _, t in p.path)
            newline_run = 0
        elif kind == CITE:
            p.citations.append((p.n, p.n, tok[1]))
        elif kind in (BOLD, NATIVE):
            open_marks.append(p.n)
        elif kind in (BOLD_END, NATIVE_END) and open_marks:
            start = open_marks.pop()
            if p.n > start:
                p.marks.append((start, p.n))
    p.end()
    return p.paragraphs, p.aliases


# ---------------------------------------------------------------- the page


def parse_wikitext(doc: Document) -> Article:
    try:
        return _article(doc)
    except RecursionError:
        raise InputError(doc.origin, "the wikitext is nested too deeply to read") from None
    except InputError:
        raise
    except Exception as exc:  # the tokenizer's own failures, on input nobody should write
        raise InputError(doc.origin, f"cannot parse the wikitext: {exc}") from None


def _article(doc: Document) -> Article:
    """The infobox is split into parameters as MediaWiki does, before anything else.

    mwparserfromhell matches HTML tags across template parameters, so one
    unclosed `<small>` in a value swallows every field after it; MediaWiki
    splits a template at its top-level pipes first and parses each value on
    its own. The infobox is read the MediaWiki way; the prose before and after
    it is parsed as a whole.
    """
    text = doc.text
    article = Article(document=doc, title=doc.title)
    renderer = Renderer()
    box = find_infobox(text)
    pieces: list[tuple[Wikicode, int]] = []
    values: list[tuple[str, Wikicode, int]] = []
    if box is None:
        _check_unclosed_infobox(doc)
        pieces.append((parse_code(text[:MAX_PROSE_CHARS]), 0))
    else:
        name, params, start, end = box
        article.infobox_type = _infobox_type(name)
        pieces.append((parse_code(text[: min(start, MAX_PROSE_CHARS)]), 0))
        for key, value, at in params:
            values.append((key, parse_code(value), at))
        pieces.append((parse_code(text[end : end + MAX_PROSE_CHARS]), end))
    renderer.refs = named_refs(renderer, text)
    for key, code, at in values:
        tokens: list[Token] = []
        renderer.nodes(code, at, tokens)
        article.fields.append(WikiField(key, *assemble_value(tokens, at)))
    prose: list[Token] = []
    for code, base in pieces:
        renderer.nodes(code, base, prose)
        prose.append((NEWLINE, base))
        prose.append((NEWLINE, base))
    paragraphs, names = assemble_prose(prose)
    article.paragraphs = paragraphs
    seen = {_norm(doc.title)}
    for name in names:
        key = _norm(name.text)
        if key not in seen and len(name.text) <= 80 and _LETTER.search(name.text):
            seen.add(key)
            article.aliases.append((name.text, name))
    return article


def _check_unclosed_infobox(doc: Document) -> None:
    """An infobox whose `{{` is never closed: say where, rather than read half a page as prose."""
    for m in _INFOBOX_START.finditer(doc.text):
        before = doc.text[: m.start()]
        if before.rfind("<!--") > before.rfind("-->"):
            continue  # commented out
        line = before.count("\n") + 1
        column = m.start() - (before.rfind("\n") + 1) + 1
        raise InputError(
            doc.origin,
            "the infobox template is never closed (unbalanced '{{' … '}}'); the page is skipped",
            line=line,
            column=column,
            offset=m.start(),
        )


def _norm(text: str) -> str:
    from orbat.names import normalize_name

    return normalize_name(text)


# ---------------------------------------------------------------- finding and splitting the infobox

_INFOBOX_START = re.compile(r"\{\{\s*(?:template\s*:\s*)?infobox[\s_|}]", re.I)
# Extension tags and comments are opaque to MediaWiki's template splitting.
_OPAQUE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(nowiki|pre|math|ref|gallery|syntaxhighlight|source|timeline|score|chem)"
    r"\b[^<>]*?(?:/>|>.*?</\1\s*>)",
    re.S | re.I,
)
_MARKUP = re.compile(r"\{\{|\}\}|\[\[|\]\]|\||<")


def find_infobox(text: str) -> tuple[str, list[tuple[str, str, int]], int, int] | None:
    """The page's infobox: its name, its `(key, value, value offset)` parameters and its span.

    Of several infoboxes, an armed-group one wins; a template that is never
    closed is not an infobox.
    """
    found = []
    for m in _INFOBOX_START.finditer(text):
        if any(s <= m.start() < e for _, _, s, e in found):
            continue  # an infobox embedded in the one before
        split = _split_template(text, m.start())
        if split is not None:
            found.append(split)
        if len(found) >= 5:
            break
    for box in found:
        if _infobox_type(box[0]) in _ARMED_GROUP_INFOBOXES:
            return box
    return found[0] if found else None


def _split_template(
    text: str, start: int
) -> tuple[str, list[tuple[str, str, int]], int, int] | None:
    """Split `{{name|a=b|c}}` at its top-level pipes; None if it never closes."""
    depth_t = 0
    depth_l = 0
    cuts: list[int] = []
    pos = start
    n = len(text)
    while pos < n:
        m = _MARKUP.search(text, pos)
        if m is None:
            return None
        tok = m.group(0)
        pos = m.end()
        if tok == "<":
            om = _OPAQUE.match(text, m.start())
            if om is not None:
                pos = om.end()
            continue
        if tok == "{{":
            depth_t += 1
        elif tok == "}}":
            depth_t -= 1
            if depth_t == 0:
                return _params(text, start, cuts, m.start()) + (start, m.end())
        elif tok == "[[":
            depth_l += 1
        elif tok == "]]":
            depth_l = max(0, depth_l - 1)
        elif tok == "|" and depth_t == 1 and depth_l == 0:
            cuts.append(m.start())
    return None


def _params(
    text: str, start: int, cuts: list[int], close: int
) -> tuple[str, list[tuple[str, str, int]]]:
    bounds = [start + 2, *[c + 1 for c in cuts]]
    ends = [*cuts, close]
    name = _OPAQUE.sub("", text[bounds[0] : ends[0]])
    params: list[tuple[str, str, int]] = []
    number = 0
    for b, e in zip(bounds[1:], ends[1:], strict=True):
        segment = text[b:e]
        eq = _top_level_equals(segment)
        if eq is None:
            number += 1
            if segment.strip():
                params.append((str(number), segment, b))
            continue
        key = _OPAQUE.sub("", segment[:eq]).strip()
        params.append((key, segment[eq + 1 :], b + eq + 1))
    return name, params


_EQUALS_MARKUP = re.compile(r"\{\{|\[\[|\}\}|\]\]|<|=")


def _top_level_equals(segment: str) -> int | None:
    """The `=` that names a parameter: outside links, templates, extension tags and comments.

    Jumps from one piece of markup to the next; the characters between cannot
    change the depth.
    """
    depth = 0
    pos = 0
    search = _EQUALS_MARKUP.search
    while (m := search(segment, pos)) is not None:
        tok = m.group()
        pos = m.end()
        if tok == "=":
            if depth == 0:
                return m.start()
        elif tok == "<":
            om = _OPAQUE.match(segment, m.start())
            if om is not None:
                pos = om.end()
        elif tok in ("{{", "[["):
            depth += 1
        else:
            depth = max(0, depth - 1)
    return None


def _infobox_type(raw: str) -> str | None:
    return template_name(raw).removeprefix("infobox").strip() or None


# ---------------------------------------------------------------- links for handlers

_FILLER = {
    "the",
    "and",
    "or",
    "of",
    "in",
    "a",
    "an",
    "also",
    "&",
    "with",
}


def find_link(
    f: InfoboxField, text: MappedText, filler: frozenset[str] = frozenset()
) -> Link | None:
    """The wikilink a piece of a field value stands for, if one does.

    The piece stands for a link when it lies inside the link's label
    (`Islamic Front` of `[[Islamic Front (Syria)]]`), or when the link is all
    it holds besides filler words (`the [[Syrian Civil War]]`; callers may add
    words such as "southern"). Values read from other formats, and pieces that
    join several links, stand for none.
    """
    links: list[Link] = getattr(f, "links", None) or []
    if not links or not text.text.strip():
        return None
    text = text.strip()
    lo, hi = text.source_span()
    touching = [link for link in links if link.lo < hi and lo < link.hi]
    if len(touching) != 1:
        return None
    link = touching[0]
    if link.lo <= lo and hi <= link.hi:
        return link
    if not (lo <= link.lo and link.hi <= hi):
        return None
    residue = []
    for i, ch in enumerate(text.text):
        s, _ = text.source_span(i, i + 1)
        if not link.lo <= s < link.hi:
            residue.append(ch)
    words = re.findall(r"[^\W_]+", "".join(residue).lower())
    if all(w in _FILLER or w in filler for w in words):
        return link
    return None


def link_target(
    f: InfoboxField, text: MappedText, filler: frozenset[str] = frozenset()
) -> str | None:
    """The page a piece of a field value names, by its wikilink (see `find_link`)."""
    link = find_link(f, text, filler)
    return link.target if link is not None else None
