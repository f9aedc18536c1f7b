"""Random access into Wikipedia multistream dumps, so workers can share one file.

A `…-multistream.xml.bz2` is a concatenation of independent bz2 streams: the
first holds `<mediawiki …><siteinfo>…</siteinfo>`, then each stream holds ~100
`<page>` elements, and the last holds `</mediawiki>`. The sibling
`…-multistream-index.txt.bz2` lists `offset:page_id:title` for every page, where
offset is the byte position of the page's stream. A byte range that starts and
ends on stream boundaries can therefore be decompressed on its own; its XML is a
bare sequence of pages, which is wrapped in a synthetic root for lxml.
"""

from __future__ import annotations

import bz2
import os
import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from os import PathLike, fspath
from pathlib import Path
from typing import IO

from lxml import etree

from orbat.sources.mediawiki import (
    DEFAULT_NAMESPACES,
    DumpError,
    Prefilter,
    WikiPage,
    _page_from_element,
    _release,
    _syntax_error,
    _tags,
)

__all__ = [
    "decompress_range",
    "find_index",
    "index_streams",
    "iter_range_pages",
    "read_index",
    "read_index_pages",
    "stream_ranges",
]

_READ_CHUNK = 256 << 10
# How much XML is handed to the parser at once. The parser builds every page of
# a fed chunk before any can be released, so this bounds the tree (4 MB chunks
# cost ~40 MB of RSS on the 30 MB test dump, 256 kB ~10 MB, at the same speed);
# it also caps bz2 expansion of a small but very repetitive input.
_OUT_CHUNK = 256 << 10
# Enough to hold back "</mediawiki>" plus the whitespace around it.
_FOOTER_HOLDBACK = 256
# A siteinfo header with every namespace of a big wiki is ~20 kB; anything far
# larger before the first <page> is not a header.
_MAX_HEADER = 16 << 20

_FRAGMENT_NS = "http://www.mediawiki.org/xml/export-0.10/"
_FRAGMENT_OPEN = f'<mediawiki xmlns="{_FRAGMENT_NS}">'.encode()
_FRAGMENT_CLOSE = b"</mediawiki>"

_DUMP_NAME = re.compile(r"^(?P<stem>.*-multistream)(?P<part>\d*)\.xml(?P<pages>-p\d+p\d+)?\.bz2$")

PathArg = str | PathLike[str]


def find_index(dump_path: PathArg) -> Path | None:
    """The index that Wikimedia publishes next to a multistream dump, if it is there.

    Covers both the single-file name (`…-multistream.xml.bz2` →
    `…-multistream-index.txt.bz2`) and the split parts
    (`…-multistream3.xml-p151574p311329.bz2` → `…-multistream-index3.txt-p151574p311329.bz2`),
    plus an uncompressed `.txt` index.
    """
    dump = Path(dump_path)
    match = _DUMP_NAME.match(dump.name)
    if match is None:
        return None
    base = f"{match['stem']}-index{match['part']}.txt{match['pages'] or ''}"
    for candidate in (dump.with_name(base + ".bz2"), dump.with_name(base)):
        if candidate.is_file():
            return candidate
    return None


def _open_text_bytes(path: PathArg) -> IO[bytes]:
    path = fspath(path)
    with open(path, "rb") as probe:
        magic = probe.read(3)
    return bz2.open(path, "rb") if magic == b"BZh" else open(path, "rb")  # noqa: SIM115


def read_index(index_path: PathArg) -> list[int]:
    """Sorted unique stream offsets from an index (`offset:page_id:title` per line)."""
    return sorted(read_index_pages(index_path))


def read_index_pages(index_path: PathArg) -> dict[int, int]:
    """Pages per stream offset, from an index (`offset:page_id:title` per line).

    The English index has ~25 M lines but only ~250 k distinct offsets, and
    lines of one stream are adjacent, so only changes of offset are parsed;
    the lines in between are counted. The counts spare workers counting
    `</page>` in every byte they decompress.
    """
    pages: dict[int, int] = {}
    previous = b""
    offset, run = -1, 0
    path = fspath(index_path)
    with _open_text_bytes(path) as lines:
        for number, line in enumerate(lines, 1):
            head, sep, _rest = line.partition(b":")
            if head == previous:
                run += 1
                continue
            if not sep or not head.isdigit():
                if not line.strip():
                    continue
                raise DumpError(path, number, 1, "index line is not 'offset:page_id:title'")
            if run:
                pages[offset] = pages.get(offset, 0) + run
            offset, run, previous = int(head), 1, head
    if run:
        pages[offset] = pages.get(offset, 0) + run
    return pages


def stream_ranges(dump_path: PathArg, index_path: PathArg | None = None) -> list[tuple[int, int]]:
    """Byte ranges `[start, end)` of the page streams, the last one ending at the file size.

    The header stream before the first indexed offset holds no pages and is not
    covered; the footer stream is part of the last range and is skipped when
    read. A handful of offsets are checked for the bz2 magic so that an index
    from another dump date fails here instead of as garbage later.
    """
    return [(start, end) for start, end, _pages in index_streams(dump_path, index_path)]


def index_streams(
    dump_path: PathArg, index_path: PathArg | None = None
) -> list[tuple[int, int, int]]:
    """`stream_ranges`, each with the number of pages the index lists in it: (start, end, pages)."""
    dump = fspath(dump_path)
    if index_path is None:
        index_path = find_index(dump)
        if index_path is None:
            raise DumpError(dump, None, None, "no multistream index found next to the dump")
    pages = read_index_pages(index_path)
    offsets = sorted(pages)
    size = os.path.getsize(dump)
    if not offsets:
        return []
    if offsets[-1] >= size:
        raise DumpError(
            dump,
            None,
            None,
            f"index {fspath(index_path)} has offset {offsets[-1]} "
            f"beyond the end of the dump ({size} bytes): wrong index for this dump?",
        )
    step = max(1, len(offsets) // 64)
    sample = sorted(set(offsets[::step]) | {offsets[-1]})
    with open(dump, "rb") as raw:
        for offset in sample:
            raw.seek(offset)
            if raw.read(3) != b"BZh":
                raise DumpError(
                    dump,
                    None,
                    None,
                    f"no bz2 stream starts at offset {offset} named by "
                    f"index {fspath(index_path)}: wrong index for this dump?",
                )
    ends = [*offsets[1:], size]
    return [(start, end, pages[start]) for start, end in zip(offsets, ends, strict=True)]


def decompress_range(path: str, start: int, end: int, origin: str = "") -> Iterator[bytes]:
    """Decompressed bytes of the bz2 streams in `[start, end)`, one stream after another.

    Python's bz2 module, in this process: the scanner's fallback when lbzip2
    is not installed, too. Errors name `origin` (the path as given), else `path`.
    """
    where = origin or path
    decompressor = bz2.BZ2Decompressor()
    fed = False  # whether the current decompressor has seen any input
    position = start
    with open(path, "rb") as raw:
        raw.seek(start)
        while position < end:
            data = raw.read(min(_READ_CHUNK, end - position))
            if not data:
                raise DumpError(where, None, None, f"file ends at byte {position}, before {end}")
            chunk_start = position
            position += len(data)
            while True:
                try:
                    out = decompressor.decompress(data, max_length=_OUT_CHUNK)
                except OSError as exc:
                    raise DumpError(
                        where,
                        None,
                        None,
                        f"bad bz2 data in bytes {start}-{end} (near {chunk_start}): {exc}",
                    ) from exc
                fed = fed or bool(data)
                data = b""
                if out:
                    yield out
                if decompressor.eof:
                    data = decompressor.unused_data
                    decompressor = bz2.BZ2Decompressor()
                    fed = False
                    if not data:
                        break
                elif decompressor.needs_input:
                    break
    if fed:
        raise DumpError(
            where,
            None,
            None,
            f"bad bz2 data in bytes {start}-{end}: the range ends inside a bz2 stream",
        )


def _page_fragment(path: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Turn a range's XML into a bare page sequence: drop the header and `</mediawiki>`.

    The dropped header is replaced by as many newlines as it had, so parse
    errors report line numbers of the range's decompressed XML.
    """
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head.lstrip()) >= 16:
            break
    if head.lstrip().startswith((b"<?xml", b"<mediawiki")):
        while (cut := head.find(b"<page")) < 0:
            chunk = next(chunks, None)
            if chunk is None:
                return  # the header stream alone: no pages
            head += chunk
            if len(head) > _MAX_HEADER:
                raise DumpError(path, None, None, "no <page> within 16 MB after the header")
        head = b"\n" * head.count(b"\n", 0, cut) + head[cut:]
    tail = head
    for chunk in chunks:
        tail += chunk
        if len(tail) > _FOOTER_HOLDBACK:
            yield tail[:-_FOOTER_HOLDBACK]
            tail = tail[-_FOOTER_HOLDBACK:]
    trimmed = tail.rstrip()
    if trimmed.endswith(_FRAGMENT_CLOSE):
        tail = trimmed[: -len(_FRAGMENT_CLOSE)]
    if tail:
        yield tail


def iter_range_pages(
    dump_path: PathArg,
    start: int,
    end: int,
    *,
    origin: str = "",
    namespaces: AbstractSet[int] | None = DEFAULT_NAMESPACES,
    prefilter: Prefilter | None = None,
) -> Iterator[WikiPage]:
    """Yield the pages stored in bytes `[start, end)` of a multistream dump.

    Filters behave as in `iter_pages`, and reading every range of
    `stream_ranges` gives the same pages in the same order as `iter_pages` on
    the whole file. Line numbers in a `DumpError` count lines of the range's
    decompressed XML.
    """
    path = fspath(dump_path)
    if not 0 <= start <= end:
        raise ValueError(f"bad byte range {start}-{end}")
    origin = origin or path
    tags = _tags(_FRAGMENT_NS)
    parser = etree.XMLPullParser(events=("end",), tag=tags.page, huge_tree=True)
    parser.feed(_FRAGMENT_OPEN)
    last_title: str | None = None

    def pages() -> Iterator[WikiPage]:
        nonlocal last_title
        for _event, element in parser.read_events():
            page = _page_from_element(element, tags, origin, namespaces, prefilter)
            last_title = page.title if page is not None else element.findtext(tags.title)
            _release(element)
            if page is not None:
                yield page

    def fail(exc: etree.XMLSyntaxError) -> DumpError:
        after = f", after page {last_title!r}" if last_title is not None else ""
        return _syntax_error(path, exc, f" (in bytes {start}-{end}{after})")

    for piece in _page_fragment(path, decompress_range(path, start, end)):
        try:
            parser.feed(piece)
        except etree.XMLSyntaxError as exc:
            yield from pages()  # pages completed before the damage
            raise fail(exc) from exc
        yield from pages()
    try:
        parser.feed(_FRAGMENT_CLOSE)
        parser.close()
    except etree.XMLSyntaxError as exc:
        yield from pages()
        raise fail(exc) from exc
    yield from pages()
