"""Build Wikipedia-format multistream dumps from small samples, for tests and benchmarks.

Real multistream dumps are tens of GB, so tests and benchmarks need a stand-in
with the same layout: a header stream (`<mediawiki …><siteinfo>`), streams of
`pages_per_stream` pages, a footer stream (`</mediawiki>`) and the bz2 index of
`offset:page_id:title` lines. `target_bytes` repeats the sample pages under new
titles and ids to reach a given uncompressed size.

    python bench/make_multistream.py --out /tmp/ms --mb 200
"""

from __future__ import annotations

import argparse
import bz2
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

try:
    from orbat.sources.mediawiki import WikiPage, iter_pages
except ModuleNotFoundError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from orbat.sources.mediawiki import WikiPage, iter_pages

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
DEFAULT_SOURCES = [
    SHARED / "corpus" / "wikitext" / "syria_2015_infoboxes.xml",
    *sorted((SHARED / "corpus" / "dumps").glob("*.xml.bz2")),
]

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.10/"
HEADER = f"""<mediawiki xmlns="{EXPORT_NS}" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="{EXPORT_NS} http://www.mediawiki.org/xml/export-0.10.xsd" \
version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>orbat bench/make_multistream.py</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="4" case="first-letter">Wikipedia</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
      <namespace key="14" case="first-letter">Category</namespace>
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"

# A literal CR would come back as LF from any XML parser; the text must survive
# the round trip byte for byte.
_TEXT_ENTITIES = {"\r": "&#13;"}
_ATTR_ENTITIES = {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}


def page_xml(
    page: WikiPage,
    *,
    title: str | None = None,
    page_id: int | None = None,
    revision_id: int | None = None,
) -> str:
    """Serialise one page the way the dumps do, optionally under a new title and ids."""
    title = page.title if title is None else title
    page_id = page.page_id if page_id is None else page_id
    revision_id = page.revision_id if revision_id is None else revision_id
    text = escape(page.text, _TEXT_ENTITIES)
    parts = [
        "  <page>\n",
        f"    <title>{escape(title, _TEXT_ENTITIES)}</title>\n",
        f"    <ns>{page.namespace}</ns>\n",
        f"    <id>{page_id}</id>\n" if page_id is not None else "",
        f"    <redirect title={quoteattr(page.redirect, _ATTR_ENTITIES)} />\n"
        if page.redirect is not None
        else "",
        "    <revision>\n",
        f"      <id>{revision_id}</id>\n" if revision_id is not None else "",
        f"      <timestamp>{page.timestamp}</timestamp>\n" if page.timestamp else "",
        "      <model>wikitext</model>\n",
        "      <format>text/x-wiki</format>\n",
        f'      <text bytes="{len(page.text.encode())}" xml:space="preserve">{text}</text>\n',
        "    </revision>\n",
        "  </page>\n",
    ]
    return "".join(parts)


def _sample_pages(sources: Iterable[Path]) -> list[WikiPage]:
    """All pages of the samples, first occurrence of a title only (the samples overlap)."""
    seen: set[str] = set()
    pages = []
    for source in sources:
        for page in iter_pages(source, namespaces=None):
            if page.title not in seen:
                seen.add(page.title)
                pages.append(page)
    return pages


def _page_entries(
    pages: list[WikiPage], target_bytes: int | None
) -> Iterator[tuple[int, str, str]]:
    """(page_id, title, xml) for the dump: the samples once, then renamed copies until full."""
    if not pages:
        return
    next_page_id = max((p.page_id or 0) for p in pages) + 1
    next_revision_id = max((p.revision_id or 0) for p in pages) + 1
    written = len(HEADER.encode()) + len(FOOTER.encode())
    copy = 0
    while True:
        for page in pages:
            if copy == 0:
                page_id = page.page_id if page.page_id is not None else next_page_id
                title, revision_id = page.title, page.revision_id
                if page.page_id is None:
                    next_page_id += 1
            else:
                title = f"{page.title} (copy {copy})"
                page_id, revision_id = next_page_id, next_revision_id
                next_page_id += 1
                next_revision_id += 1
            xml = page_xml(page, title=title, page_id=page_id, revision_id=revision_id)
            written += len(xml.encode())
            yield page_id, title, xml
            if target_bytes is not None and copy > 0 and written >= target_bytes:
                return
        copy += 1
        if target_bytes is None or written >= target_bytes:
            return


def build_multistream(
    pages_xml_sources: list[Path],
    out_dir: Path,
    *,
    target_bytes: int | None = None,
    pages_per_stream: int = 100,
    name: str = "test",
    compresslevel: int = 9,
) -> tuple[Path, Path]:
    """Write `{name}-multistream.xml.bz2` and `{name}-multistream-index.txt.bz2` into out_dir.

    Returns (dump, index). Written as it goes, so a multi-GB benchmark file
    needs no more memory than the samples themselves.
    """
    if pages_per_stream < 1:
        raise ValueError("pages_per_stream must be at least 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    dump_path = out_dir / f"{name}-multistream.xml.bz2"
    index_path = out_dir / f"{name}-multistream-index.txt.bz2"
    pages = _sample_pages(pages_xml_sources)

    with open(dump_path, "wb") as dump, bz2.open(index_path, "wt", encoding="utf-8") as index:

        def write_stream(xml: str) -> None:
            dump.write(bz2.compress(xml.encode(), compresslevel))

        write_stream(HEADER)
        batch: list[str] = []
        for page_id, title, xml in _page_entries(pages, target_bytes):
            if not batch:
                offset = dump.tell()
            index.write(f"{offset}:{page_id}:{title}\n")
            batch.append(xml)
            if len(batch) == pages_per_stream:
                write_stream("".join(batch))
                batch = []
        if batch:
            write_stream("".join(batch))
        write_stream(FOOTER)
    return dump_path, index_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument(
        "--mb",
        type=float,
        default=None,
        help="uncompressed size to reach, in MB (default: the samples once)",
    )
    parser.add_argument("--pages-per-stream", type=int, default=100)
    parser.add_argument("--name", default="bench")
    parser.add_argument("--compresslevel", type=int, default=9)
    parser.add_argument(
        "sources",
        nargs="*",
        type=Path,
        default=DEFAULT_SOURCES,
        help="XML or XML.bz2 exports to take pages from (default: ../shared samples)",
    )
    args = parser.parse_args(argv)
    target = int(args.mb * 1_000_000) if args.mb else None
    started = time.perf_counter()
    dump, index = build_multistream(
        args.sources,
        args.out,
        target_bytes=target,
        pages_per_stream=args.pages_per_stream,
        name=args.name,
        compresslevel=args.compresslevel,
    )
    elapsed = time.perf_counter() - started
    print(f"{dump} ({dump.stat().st_size / 1e6:.1f} MB)")
    print(f"{index} ({index.stat().st_size / 1e3:.1f} kB)")
    print(f"built in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
