"""Streaming reader for MediaWiki XML exports and Wikipedia dumps.

A full English Wikipedia dump is ~100 GB of XML, so pages are parsed one at a
time with `lxml.etree.iterparse` and each `<page>` is dropped from the tree as
soon as it has been turned into a `WikiPage`; memory stays flat however large
the input is. The stored `WikiPage.text` is exactly the XML-unescaped content of
`<text>`: every character offset and evidence quote downstream points into it.
"""

from __future__ import annotations

import bz2
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike, fspath
from typing import IO, Any

from lxml import etree

from orbat.errors import InputError

__all__ = [
    "ARMED_GROUP_TEMPLATES",
    "DEFAULT_NAMESPACES",
    "DumpError",
    "Prefilter",
    "WikiPage",
    "armed_group_prefilter",
    "iter_pages",
    "make_prefilter",
]

Prefilter = Callable[[str, str], bool]
"""`prefilter(title, text) -> keep?`, run on raw wikitext before any parsing."""

DEFAULT_NAMESPACES: frozenset[int] = frozenset({0})

_BZ2_MAGIC = b"BZh"
_LXML_POSITION_SUFFIX = re.compile(r",\s*line \d+,\s*column \d+\s*$")


@dataclass(frozen=True, slots=True)
class WikiPage:
    """One page of an export, with the latest revision's text as stored in the dump."""

    title: str
    namespace: int
    page_id: int | None
    revision_id: int | None
    timestamp: str | None
    text: str
    redirect: str | None
    origin: str


class DumpError(InputError):
    """A dump that cannot be read; `str()` is `path:line:col: message` so editors can jump there.

    Raised lazily from the page generator, so every page before the damage has
    already been yielded (a 90 GB dump that is cut short still gives its pages).
    """

    def __init__(self, path: str, line: int | None, column: int | None, message: str) -> None:
        self.path = path
        super().__init__(path, message, line=line, column=column)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Workers of a process pool send errors back pickled; the default
        # reduction would call __init__ with the formatted string only.
        return (type(self), (self.path, self.line, self.column, self.message))


# --------------------------------------------------------------------------- prefilters

ARMED_GROUP_TEMPLATES: tuple[str, ...] = (
    "military unit",
    "war faction",
    "militant organization",
    "militant organisation",
    # The pre-2016 name of "militant organization"; older dumps and the 2015
    # Syria export still use it for groups such as Lashkar-e-Taiba.
    "terrorist organization",
    "terrorist organisation",
    "national military",
    "military person",
    "paramilitary",
    "military organization",
    "military organisation",
)


def _template_alternation(names: Iterable[str]) -> str:
    """Regex alternation that accepts the spellings editors use: `_` or any whitespace run."""
    parts = []
    for name in names:
        words = [re.escape(word) for word in re.split(r"[\s_]+", name.strip()) if word]
        if words:
            parts.append(r"[\s_]+".join(words))
    return "|".join(parts)


# After the name the template either ends, takes parameters or has a comment,
# so "military person" does not also match "military personnel".
_TEMPLATE_END = r"(?=[\s|}<]|$)"
_TEMPLATE_START = r"\{\{\s*(?:template\s*:\s*)?"
_REGEX_PREFIX = "re:"

_ARMED_GROUP_RE = re.compile(
    _TEMPLATE_START
    + r"infobox[\s_]+(?:"
    + _template_alternation(ARMED_GROUP_TEMPLATES)
    + r")"
    + _TEMPLATE_END,
    re.IGNORECASE,
)


def armed_group_prefilter(title: str, text: str) -> bool:
    """Cheap test for an infobox of an armed group or a military person.

    Runs on millions of raw pages, so it is one regex search and no parsing;
    false positives are fine (the extractor looks again), false negatives lose
    a group. Conflicts ("military conflict") are deliberately left out.
    """
    del title
    return _ARMED_GROUP_RE.search(text) is not None


def make_prefilter(
    templates: Sequence[str] = (),
    titles: Sequence[str] = (),
    include_default: bool = True,
) -> Prefilter:
    """Build the prefilter behind the CLI's `--filter` option.

    A page passes if any criterion matches: the default armed-group test, a
    template name (`"Infobox company"`, matched like the default: any case,
    `_` or spaces), or a title pattern. Title patterns are case-insensitive
    substrings, so `"(Syria)"` means the literal text; prefix `re:` for a regex
    (`"re:^Jaysh "`), searched case-insensitively. With no criteria at all
    every page passes. A bad regex raises `ValueError` here, not mid-dump.
    """
    checks: list[Prefilter] = []
    if include_default:
        checks.append(armed_group_prefilter)
    alternation = _template_alternation(templates)
    if alternation:
        template_re = re.compile(
            _TEMPLATE_START + r"(?:" + alternation + r")" + _TEMPLATE_END, re.IGNORECASE
        )
        checks.append(lambda _title, text: template_re.search(text) is not None)
    needles = [t.casefold() for t in titles if t and not t.startswith(_REGEX_PREFIX)]
    patterns = []
    for t in titles:
        if t.startswith(_REGEX_PREFIX):
            try:
                patterns.append(re.compile(t[len(_REGEX_PREFIX) :], re.IGNORECASE))
            except re.error as exc:
                raise ValueError(f"bad title regex {t!r}: {exc}") from exc
    if needles or patterns:

        def title_check(title: str, _text: str) -> bool:
            folded = title.casefold()
            return any(n in folded for n in needles) or any(p.search(title) for p in patterns)

        checks.append(title_check)
    if not checks:
        return lambda _title, _text: True
    if len(checks) == 1:
        return checks[0]
    return lambda title, text: any(check(title, text) for check in checks)


# --------------------------------------------------------------------------- page elements


@dataclass(frozen=True, slots=True)
class _Tags:
    """Namespace-qualified tag names of one export schema version."""

    page: str
    title: str
    ns: str
    id: str
    redirect: str
    revision: str
    timestamp: str
    text: str


@lru_cache(maxsize=16)
def _tags(namespace: str) -> _Tags:
    prefix = f"{{{namespace}}}" if namespace else ""
    names = ("page", "title", "ns", "id", "redirect", "revision", "timestamp", "text")
    return _Tags(*(prefix + name for name in names))


def _namespace_of(tag: str) -> str:
    return tag[1 : tag.index("}")] if tag.startswith("{") else ""


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.lstrip("-").isdigit() else None


def _page_from_element(
    page: etree._Element,
    tags: _Tags,
    origin: str,
    namespaces: AbstractSet[int] | None,
    prefilter: Prefilter | None,
) -> WikiPage | None:
    """Turn a complete `<page>` element into a WikiPage, or None when filtered out.

    The namespace is checked before the text is touched, and redirects skip the
    prefilter: callers record them as aliases of their target whatever it is.
    Children are read in one pass, as `findtext` would (the first of each
    name), because each `find` compiles and runs an ElementPath: eight of them
    cost more than parsing a redirect page, and a dump has ~100 of those per MB.
    """
    first = _children(page, tags.ns, tags.title, tags.id, tags.redirect, last=tags.revision)
    ns_el, title_el, id_el, redirect_el, revision = first
    # Exports before 0.5 had no <ns>; their pages are read as articles.
    namespace = _int_or_none(ns_el.text or "") if ns_el is not None else 0
    if namespace is None:
        namespace = 0
    if namespaces is not None and namespace not in namespaces:
        return None
    title = (title_el.text or "") if title_el is not None else ""
    redirect = redirect_el.get("title") if redirect_el is not None else None
    # History dumps hold many revisions in order; the last is the current text.
    if revision is not None:
        text_el, rev_id_el, timestamp_el = _children(revision, tags.text, tags.id, tags.timestamp)
        text = (text_el.text or "") if text_el is not None else ""
        revision_id = _int_or_none(rev_id_el.text or "") if rev_id_el is not None else None
        timestamp = (timestamp_el.text or "") if timestamp_el is not None else None
    else:
        text, revision_id, timestamp = "", None, None
    if redirect is None and prefilter is not None and not prefilter(title, text):
        return None
    return WikiPage(
        title=title,
        namespace=namespace,
        page_id=_int_or_none(id_el.text or "") if id_el is not None else None,
        revision_id=revision_id,
        timestamp=timestamp,
        text=text,
        redirect=redirect,
        origin=origin,
    )


def _children(
    element: etree._Element, *names: str, last: str | None = None
) -> list[etree._Element | None]:
    """The first child of each name, in the order asked; then the last child named `last`."""
    found: list[etree._Element | None] = [None] * (len(names) + (last is not None))
    where = {name: i for i, name in enumerate(names)}
    for child in element:
        tag = child.tag
        if tag == last:
            found[-1] = child
            continue
        i = where.get(tag)  # type: ignore[call-overload]  # comments' tag is a function
        if i is not None and found[i] is None:
            found[i] = child
    return found


def _release(page: etree._Element) -> None:
    """Drop a processed page and everything before it, so the tree never grows."""
    page.clear(keep_tail=False)
    parent = page.getparent()
    if parent is not None:
        while page.getprevious() is not None:
            del parent[0]


def _syntax_error(path: str, exc: etree.XMLSyntaxError, context: str = "") -> DumpError:
    line, column = exc.position if exc.position else (exc.lineno, exc.offset)
    message = _LXML_POSITION_SUFFIX.sub("", exc.msg or str(exc)) or "malformed XML"
    return DumpError(path, line or None, column or None, f"malformed XML: {message}{context}")


# --------------------------------------------------------------------------- reading


def _open_source(source: str | PathLike[str] | IO[bytes]) -> tuple[IO[bytes], str, bool]:
    """Binary XML stream, its name, and whether we opened it (and must close it).

    Compression is recognised by the bz2 magic bytes rather than the file name,
    so a dump renamed by a download tool still reads.
    """
    if isinstance(source, str | PathLike):
        path = fspath(source)
        with open(path, "rb") as probe:
            magic = probe.read(3)
        if magic == _BZ2_MAGIC:
            return bz2.open(path, "rb"), path, True
        return open(path, "rb"), path, True  # noqa: SIM115 - closed by iter_pages
    name = getattr(source, "name", "")
    name = fspath(name) if isinstance(name, str | PathLike) else ""
    peek = getattr(source, "peek", None)
    if callable(peek) and bytes(peek(3))[:3] == _BZ2_MAGIC:
        return bz2.BZ2File(source), name, False
    return source, name, False


def iter_pages(
    source: str | PathLike[str] | IO[bytes],
    *,
    origin: str = "",
    namespaces: AbstractSet[int] | None = DEFAULT_NAMESPACES,
    prefilter: Prefilter | None = None,
) -> Iterator[WikiPage]:
    """Yield the pages of an export (`.xml`, `.xml.bz2`, multistream or not, or a binary file).

    `namespaces=None` keeps every namespace. `prefilter(title, text)` decides on
    the raw text whether a page is yielded; redirects are always yielded. A
    damaged file raises `DumpError` at the point of damage, after the pages
    before it.
    """
    stream, path, owned = _open_source(source)
    origin = origin or path
    try:
        yield from _iter_stream(stream, path or "<stream>", origin, namespaces, prefilter)
    finally:
        if owned:
            stream.close()


def _iter_stream(
    stream: IO[bytes],
    path: str,
    origin: str,
    namespaces: AbstractSet[int] | None,
    prefilter: Prefilter | None,
) -> Iterator[WikiPage]:
    # Start events are requested only for the root (plus one per page, which is
    # ignored): its tag tells the export namespace (0.10, 0.11, ...), and only
    # `<page>` elements in exactly that namespace are read.
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=("{*}mediawiki", "{*}page"),
        huge_tree=True,  # single revisions over 10 MB exist
    )
    tags: _Tags | None = None
    last_title: str | None = None
    while True:
        try:
            event, element = next(events)
        except StopIteration:
            break
        except etree.XMLSyntaxError as exc:
            after = f" (after page {last_title!r})" if last_title is not None else ""
            raise _syntax_error(path, exc, after) from exc
        except (OSError, EOFError) as exc:
            # bz2 reports truncated or corrupt compressed data this way.
            raise DumpError(path, None, None, f"cannot read: {exc}") from exc
        if event == "start":
            if tags is None and element.getparent() is None:
                tags = _tags(_namespace_of(element.tag))
            continue
        if tags is None or element.tag != tags.page:
            continue
        page = _page_from_element(element, tags, origin, namespaces, prefilter)
        last_title = page.title if page is not None else element.findtext(tags.title)
        _release(element)
        if page is not None:
            yield page
    if tags is None:
        raise DumpError(path, None, None, "no <mediawiki> root element: not a MediaWiki XML export")
