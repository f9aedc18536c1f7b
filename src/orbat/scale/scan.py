"""Reading a byte range of a multistream dump near the speed of decompression.

Decompression is the floor: Python's bz2 module manages ~20-35 MB/s of XML per
core, `lbzip2` ~35-50 MB/s, so a range is piped through `lbzip2 -d -n1` when it
is installed (Python's bz2 otherwise). Everything after it has to be cheaper
than that, and most pages of a dump are not wanted, so pages are not parsed to
be filtered: the decompressed bytes are searched for a pattern derived from the
filter (a superset of what it accepts), and only the pages that contain a hit
or a `<redirect>` element are cut out and parsed with lxml (a chunk's at once). The
real prefilter then runs on the parsed page, so the pages kept are exactly
those of `iter_pages(..., prefilter=...)`; only their parsing is skipped for
the rest. In an export, `<` inside text is always escaped, so `<page>`,
`</page>` and `<redirect` in the bytes are always markup.

The passes over every byte (lowering, finding `<redirect` and the pattern's
literal start) use stringzilla's SIMD search and translation: ~0.06 ms per MB
each, against ~0.3-0.5 for `bytes.lower` and `bytes.find`, whose loop reads a
byte at a time.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from typing import IO

import stringzilla as sz
from lxml import etree

from orbat.errors import InputError
from orbat.scale.heap import lbzip2_env
from orbat.scale.units import FilterSpec
from orbat.sources.mediawiki import (
    ARMED_GROUP_TEMPLATES,
    DEFAULT_NAMESPACES,
    WikiPage,
    _page_from_element,
    _tags,
)
from orbat.sources.multistream import decompress_range as python_bz2_range

CHUNK = 4 << 20  # decompressed bytes handed to the scanner at once
READ_AHEAD = 64 << 20  # decompressed bytes read from lbzip2 before the scanner sees them
_READ = 1 << 20
_BATCH_BYTES = 1 << 20  # candidate pages parsed in one lxml call, at most
_PIPE_SIZE = 1 << 20
_F_SETPIPE_SZ = 1031  # Linux; a bigger pipe means fewer wake-ups per MB

_NS = "http://www.mediawiki.org/xml/export-0.10/"
_OPEN = f'<mediawiki xmlns="{_NS}">'.encode()
_CLOSE = b"</mediawiki>"
_PAGE = b"<page>"
_PAGE_END = b"</page>"
_REDIRECT = b"<redirect"
_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
_ANCHOR = b"nfobox"  # what the armed-group pattern starts with, lowered
_LOWER = bytes(range(256)).lower()  # ASCII letters lowered, every other byte kept: `bytes.lower`

# --------------------------------------------------------------------------- coarse filters

# What Python's case-insensitive `\s` and letters can match, as UTF-8 bytes of
# a buffer whose ASCII letters were lowered: `\s` covers \t-\r, \x1c-\x20 and
# multi-byte spaces (bytes >= 0x80); a character reference (`&#13;` for CR)
# may stand in for any of them. Under IGNORECASE "i", "k" and "s" also match
# İ, ı, K (Kelvin) and ſ.
_SPACE = rb"(?:[\t-\r\x1c-\x20_\x80-\xff]|&#x?[0-9a-f]+;)+"
_LETTER_VARIANTS = {
    "i": rb"(?:i|\xc4[\xb0\xb1])",
    "k": rb"(?:k|\xe2\x84\xaa)",
    "s": rb"(?:s|\xc5\xbf)",
}


def _word_pattern(word: str) -> bytes:
    out = []
    for char in word.lower():
        if char in _LETTER_VARIANTS:
            out.append(_LETTER_VARIANTS[char])
        elif char.isascii():
            out.append(re.escape(char.encode()))
        else:  # may match ASCII letters too (K, ſ); any run of either is a superset
            out.append(rb"(?:[\x80-\xff]+|[a-z])")
    return b"".join(out)


def _name_pattern(name: str) -> bytes:
    words = [w for w in re.split(r"[\s_]+", name.strip()) if w]
    return _SPACE.join(_word_pattern(w) for w in words)


@cache
def coarse_pattern(spec: FilterSpec) -> re.Pattern[bytes] | None:
    """A bytes pattern every page the spec accepts contains (after `bytes.lower()`).

    None means no such shortcut: title filters and arbitrary callables need
    every page parsed. The armed-group pattern starts with the literal
    "nfobox" so that `re` can use its fast substring search.
    """
    if spec.mode == "armed_groups" or (spec.mode == "custom" and not spec.titles):
        names = b"|".join(_name_pattern(t) for t in ARMED_GROUP_TEMPLATES)
        armed = _ANCHOR + _SPACE + b"(?:" + names + b")"
        if spec.mode == "armed_groups" or not any(t.strip() for t in spec.templates):
            return re.compile(armed)
        extra = b"|".join(_name_pattern(t) for t in spec.templates if t.strip())
        return re.compile(armed + b"|" + extra)
    return None


@cache
def coarse_anchor(spec: FilterSpec) -> bytes:
    """The literal every hit of `coarse_pattern(spec)` starts with; b"" if there is none.

    Only the armed-group pattern alone has one: templates added to it are
    alternatives that start otherwise.
    """
    pattern = coarse_pattern(spec)
    alone = spec.mode == "armed_groups" or not any(t.strip() for t in spec.templates)
    return _ANCHOR if pattern is not None and alone else b""


# --------------------------------------------------------------------------- decompression


def decompressor() -> str:
    """`lbzip2`'s path, or "python"; `ORBAT_BZ2=python` forces the bz2 module."""
    choice = os.environ.get("ORBAT_BZ2", "auto")
    if choice == "python":
        return "python"
    tool = shutil.which("lbzip2") if choice == "auto" else shutil.which(choice)
    if tool is None and choice != "auto":
        raise RuntimeError(f"ORBAT_BZ2={choice!r}: no such program")
    return tool or "python"


def decompress_range(path: str, start: int, end: int, origin: str) -> Iterator[bytes]:
    """The XML in bytes `[start, end)`, which must start and end on stream boundaries."""
    tool = decompressor()
    if tool == "python":
        yield from python_bz2_range(path, start, end, origin)
    else:
        yield from _lbzip2(tool, path, start, end, origin)


def _bad_range(origin: str, start: int, end: int, why: str) -> InputError:
    return InputError(origin, f"bad bz2 data in bytes {start}-{end}: {why}")


def _lbzip2(tool: str, path: str, start: int, end: int, origin: str) -> Iterator[bytes]:
    proc = subprocess.Popen(
        [tool, "-d", "-c", "-n", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=lbzip2_env(os.environ),  # a fresh process per unit: see `heap`
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    try:
        import fcntl

        # The feeder thread needs the GIL to refill lbzip2's input; a deep pipe
        # rides out the milliseconds the scanner holds it in one C call.
        for pipe in (proc.stdin, proc.stdout):
            fcntl.fcntl(pipe.fileno(), _F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, OSError):
        pass
    short: list[InputError] = []

    def feed(sink: IO[bytes]) -> None:
        # A thread, because lbzip2 only reads more input once its output is read.
        try:
            for data in _compressed(path, start, end, origin):
                sink.write(data)
        except InputError as err:
            short.append(err)
        except OSError:  # lbzip2 stopped reading: its exit status says why
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.close()

    feeder = threading.Thread(target=feed, args=(proc.stdin,), daemon=True)
    feeder.start()
    try:
        while True:
            # Read ahead, then hand on: lbzip2 decompressing while this process
            # extracts means two busy processes per worker time-sliced on the
            # same cores, and lbzip2 then spends ~20% more CPU per MB (its
            # working set evicted at every switch). A unit is rarely more than
            # READ_AHEAD, so it is decompressed first and scanned after.
            batch, size = [], 0
            while size < READ_AHEAD and (chunk := proc.stdout.read(CHUNK)):
                batch.append(chunk)
                size += len(chunk)
            yield from batch
            if size < READ_AHEAD:
                break
        status = proc.wait()
        feeder.join()
        if short:
            raise short[0]
        if status != 0:
            message = proc.stderr.read().decode(errors="replace").strip().splitlines()
            raise _bad_range(origin, start, end, message[-1] if message else f"exit {status}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        feeder.join(timeout=5)
        proc.stdout.close()
        proc.stderr.close()


def _compressed(path: str, start: int, end: int, origin: str) -> Iterator[bytes]:
    """Bytes `[start, end)` of the file in blocks; a file that ends before `end` is an error."""
    with open(path, "rb") as raw:
        raw.seek(start)
        left = end - start
        while left > 0:
            data = raw.read(min(_READ, left))
            if not data:
                raise InputError(origin, f"file ends at byte {end - left}, before {end}")
            left -= len(data)
            yield data


# --------------------------------------------------------------------------- scanning


@dataclass
class ScanStats:
    pages: int = 0  # every <page> in the range, whatever its namespace
    matched: int = 0  # pages that passed the prefilter (redirects not counted)
    redirects: int = 0
    xml_bytes: int = 0


class PageScanner:
    """Turns decompressed chunks into the pages the filter keeps, cutting only candidates out."""

    def __init__(
        self,
        spec: FilterSpec,
        origin: str,
        *,
        namespaces: AbstractSet[int] | None = DEFAULT_NAMESPACES,
        where: str = "",
        pages: int | None = None,
    ) -> None:
        self.coarse = coarse_pattern(spec)
        self._anchor = coarse_anchor(spec)
        self.prefilter = spec.prefilter()
        self.origin = origin
        self.namespaces = namespaces
        self.where = where
        # Pages counted from the index when it says (one pass less over every
        # byte, ~0.5 ms per MB), from the `</page>`s otherwise.
        self.stats = ScanStats(pages=pages or 0)
        self._count = pages is None
        self._pending = b""
        self._parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
        self._tags = _tags(_NS)

    def feed(self, chunk: bytes) -> Iterator[WikiPage | InputError]:
        self.stats.xml_bytes += len(chunk)
        buf = self._pending + chunk if self._pending else chunk
        cut = buf.rfind(_PAGE_END)
        if cut < 0:
            self._pending = buf
            return
        cut += len(_PAGE_END)
        self._pending = buf[cut:]
        if self._count:
            self.stats.pages += sz.count(buf, _PAGE_END, 0, cut)
        raws = []
        for start in self._candidates(buf, cut):
            end = buf.find(_PAGE_END, start, cut) + len(_PAGE_END)
            raws.append(buf[start:end])
        yield from self._pages(raws)

    def close(self) -> Iterator[WikiPage | InputError]:
        """Whatever follows the last page must be the end of the export."""
        rest = self._pending.strip()
        self._pending = b""
        if rest and rest != _CLOSE and _PAGE in rest:
            yield InputError(
                self.origin, f"an unfinished <page> at the end{self.where}", page=_title(rest)
            )

    def _candidates(self, buf: bytes, cut: int) -> list[int]:
        """Start offsets of the pages in `buf[:cut]` worth parsing, in order."""
        if self.coarse is None:
            return _all(buf, _PAGE, 0, cut)
        starts = set()
        for pos in _all(buf, _REDIRECT, 0, cut):
            start = buf.rfind(_PAGE, 0, pos)
            if start >= 0:
                starts.add(start)
        lowered = sz.translate(buf, _LOWER)
        pos = 0
        while (hit := self._search(lowered, pos, cut)) is not None:
            start = buf.rfind(_PAGE, 0, hit.start())
            end = buf.find(_PAGE_END, hit.start(), cut)
            if end < 0:
                break
            if start >= 0:
                starts.add(start)
            pos = end  # the rest of this page cannot add anything
        return sorted(starts)

    def _search(self, lowered: bytes, pos: int, end: int) -> re.Match[bytes] | None:
        """`coarse.search`, or where its literal start is found, `coarse.match`: the same hit.

        A SIMD substring search skips through a buffer ~10 times as fast as
        `re` looks for a pattern's literal prefix, and most of a dump holds no
        hit at all.
        """
        assert self.coarse is not None
        if not self._anchor:
            return self.coarse.search(lowered, pos, end)
        while (at := sz.find(lowered, self._anchor, pos, end)) >= 0:
            if (hit := self.coarse.match(lowered, at, end)) is not None:
                return hit
            pos = at + 1
        return None

    def _pages(self, raws: list[bytes]) -> Iterator[WikiPage | InputError]:
        """The candidate pages of a chunk, parsed as one document when they are well-formed.

        Each call to lxml costs ~4 of the ~13 us a redirect page takes, and
        English Wikipedia has ~100 redirects per MB. Each raw page runs from a
        `<page>` to its first `</page>`, so the joined pages are well-formed
        exactly when every one of them is; when they are not, they are parsed
        again one by one, so that the error names its page. A batch holds at
        most `_BATCH_BYTES`, which bounds the tree when every page is a
        candidate (title filters).
        """
        batch: list[bytes] = []
        size = 0
        for raw in raws:
            if batch and size + len(raw) > _BATCH_BYTES:
                yield from self._batch(batch)
                batch, size = [], 0
            batch.append(raw)
            size += len(raw)
        yield from self._batch(batch)

    def _batch(self, raws: list[bytes]) -> Iterator[WikiPage | InputError]:
        if len(raws) > 1:
            try:
                root = etree.fromstring(_OPEN + b"".join(raws) + _CLOSE, self._parser)
            except etree.XMLSyntaxError:
                pass
            else:
                for element in root:
                    yield from self._kept(element)
                return
        for raw in raws:
            yield from self._page(raw)

    def _page(self, raw: bytes) -> Iterator[WikiPage | InputError]:
        try:
            root = etree.fromstring(_OPEN + raw + _CLOSE, self._parser)
        except etree.XMLSyntaxError as exc:
            yield InputError(self.origin, f"malformed XML{self.where}: {exc.msg}", page=_title(raw))
            return
        yield from self._kept(root[0])

    def _kept(self, element: etree._Element) -> Iterator[WikiPage]:
        page = _page_from_element(element, self._tags, self.origin, self.namespaces, self.prefilter)
        if page is None:
            return
        if page.redirect is not None:
            self.stats.redirects += 1
        else:
            self.stats.matched += 1
        yield page


def _all(buf: bytes, needle: bytes, start: int, end: int) -> list[int]:
    out = []
    pos = sz.find(buf, needle, start, end)
    while pos >= 0:
        out.append(pos)
        pos = sz.find(buf, needle, pos + len(needle), end)
    return out


def _title(raw: bytes) -> str | None:
    found = _TITLE.search(raw)
    return found.group(1).decode(errors="replace") if found else None


def scan_range(
    path: str,
    start: int,
    end: int,
    spec: FilterSpec,
    origin: str,
    *,
    namespaces: AbstractSet[int] | None = DEFAULT_NAMESPACES,
    pages: int | None = None,
) -> tuple[Iterator[WikiPage | InputError], ScanStats]:
    """The pages a range holds that `spec` keeps, then any error; errors end the range.

    Returns the iterator and the stats it fills in as it goes. `pages` is
    how many pages the dump's index lists in the range, if known.
    """
    where = f" in bytes {start}-{end}"
    scanner = PageScanner(spec, origin, namespaces=namespaces, where=where, pages=pages)

    def pages() -> Iterator[WikiPage | InputError]:
        try:
            for chunk in decompress_range(path, start, end, origin):
                yield from scanner.feed(chunk)
            yield from scanner.close()
        except InputError as err:
            yield err

    return pages(), scanner.stats
