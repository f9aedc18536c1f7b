"""Reading input paths into documents.

Each input is checked before it is parsed (empty, binary, invalid UTF-8, absurd
line lengths), and every problem is reported as an `InputError` naming the file
and position; the caller records it and goes on with the next input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from orbat.errors import InputError
from orbat.model import Document

MAX_LINE = 1_000_000  # characters: a longer "line" is a sign of binary or broken input
MAX_ARTICLE_BYTES = 64 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt",)
WIKITEXT_SUFFIXES = (".wiki", ".wikitext", ".mediawiki")
DUMP_SUFFIXES = (".xml", ".xml.bz2", ".bz2")
SUFFIXES = ARTICLE_SUFFIXES + WIKITEXT_SUFFIXES + DUMP_SUFFIXES

Item = Document | InputError
PageFilter = Callable[[str, str], bool]


def discover(paths: list[Path]) -> tuple[list[Path], list[InputError]]:
    """Files to read, in a stable order; folders are walked for known suffixes."""
    files: list[Path] = []
    errors: list[InputError] = []
    for p in paths:
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.name.lower().endswith(SUFFIXES)
                and not f.name.endswith("-index.txt.bz2")
                and not f.name.startswith(".")
            )
            if not found:
                errors.append(InputError(str(p), f"no readable files ({', '.join(SUFFIXES)})"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            errors.append(InputError(str(p), "no such file or folder"))
    return files, errors


def read_path(path: Path, *, prefilter: PageFilter | None = None) -> Iterator[Item]:
    """Documents in a file: one for an article or wikitext page, many for a dump."""
    name = path.name.lower()
    if name.endswith(DUMP_SUFFIXES):
        from orbat.sources.wiki_pages import read_dump

        yield from read_dump(path, prefilter=prefilter)
        return
    try:
        text = decode_text(path)
    except InputError as err:
        yield err
        return
    if name.endswith(WIKITEXT_SUFFIXES):
        title = path.stem.replace("_", " ")
        yield Document(text=text, title=title, origin=str(path), format="wikitext")
    else:
        yield Document(text=text, title=path.stem.replace("_", " "), origin=str(path))


def decode_text(path: Path) -> str:
    """The file's text, or an InputError saying exactly what is wrong with it and where."""
    origin = str(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError(origin, "the file is empty")
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            origin,
            f"the file is {size:,} bytes; an article may be at most "
            f"{MAX_ARTICLE_BYTES:,} (use a dump format for larger inputs)",
        )
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise InputError(
            origin, "binary data (a NUL byte), not a text article", line=line, column=col
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise InputError(
            origin,
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            line=line,
            column=col,
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(origin, "the file holds only white space", line=1)
    for n, line_text in enumerate(text.split("\n"), 1):
        if len(line_text) > MAX_LINE:
            raise InputError(
                origin,
                f"line {n} is {len(line_text):,} characters long; the limit is {MAX_LINE:,}",
                line=n,
                column=MAX_LINE + 1,
            )
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col
