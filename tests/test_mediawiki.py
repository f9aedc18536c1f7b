"""Dump reading: exports, real Wikipedia samples, multistream ranges, errors, memory."""

from __future__ import annotations

import bz2
import io
import pickle
import re
import subprocess
import sys
import textwrap
import time
import tracemalloc
from itertools import pairwise
from pathlib import Path

import pytest

from orbat.sources.mediawiki import (
    DumpError,
    WikiPage,
    armed_group_prefilter,
    iter_pages,
    make_prefilter,
)
from orbat.sources.multistream import find_index, iter_range_pages, read_index, stream_ranges

try:
    import conftest_dumps as cd
except ModuleNotFoundError:  # tests/ became a package
    from tests import conftest_dumps as cd


def titles(pages: list[WikiPage]) -> list[str]:
    return [p.title for p in pages]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def syria() -> list[WikiPage]:
    return list(iter_pages(cd.SYRIA_XML))


@pytest.fixture(scope="module")
def sample_multistream(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return cd.build_sample_multistream(tmp_path_factory.mktemp("sample"), pages_per_stream=10)


@pytest.fixture(scope="module")
def big_multistream(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return cd.build_big_multistream(tmp_path_factory.mktemp("big"), megabytes=30)


# --------------------------------------------------------------------------- the Syria export


def test_syria_export_reads_all_pages_with_metadata(syria: list[WikiPage]) -> None:
    assert len(syria) == 44
    assert syria[0].title == "Lashkar-e-Taiba"
    assert syria[-1].title == "Al-Qaeda"
    # Titles differing only in case are distinct pages.
    assert {"Al-Nusra Front", "al-Nusra Front"} <= set(titles(syria))
    assert [p.page_id for p in syria] == list(range(900000, 900044))
    assert [p.revision_id for p in syria] == list(range(9000000, 9000044))
    assert {p.timestamp for p in syria} == {"2015-08-09T00:00:00Z"}
    assert {p.namespace for p in syria} == {0}
    assert all(p.redirect is None for p in syria)
    assert {p.origin for p in syria} == {str(cd.SYRIA_XML)}


def test_text_is_the_unescaped_text_element(syria: list[WikiPage]) -> None:
    assert [p.text for p in syria] == cd.raw_texts(cd.SYRIA_XML)
    ndf = next(p for p in syria if p.title == "National Defence Forces (Syria)")
    assert (ndf.page_id, ndf.revision_id) == (900040, 9000040)
    assert ndf.text.startswith(
        "{{Infobox military unit\n| unit_name = National Defence Forces<br />قوات الدفاع الوطني\n"
    )
    assert '<ref name="globalsecurity.org">{{cite web|author=John Pike' in ndf.text
    assert "&lt;" not in ndf.text and "&amp;" not in ndf.text
    let = syria[0]
    assert "Jammu & Kashmir attacks;" in let.text  # &amp; in the file
    assert let.text.endswith("accessdate=21 January 2009}\n}}\n")


@pytest.mark.parametrize(
    "namespace",
    ["http://www.mediawiki.org/xml/export-0.11/", "http://example.org/custom-export/", None],
)
def test_export_namespace_is_taken_from_the_root(
    tmp_path: Path, syria: list[WikiPage], namespace: str | None
) -> None:
    path = cd.write_export_variant(tmp_path, namespace)
    pages = list(iter_pages(path))
    assert [(p.title, p.page_id, p.text) for p in pages] == [
        (p.title, p.page_id, p.text) for p in syria
    ]


def test_binary_file_objects_plain_and_bz2(syria: list[WikiPage]) -> None:
    data = cd.SYRIA_XML.read_bytes()
    plain = list(iter_pages(io.BytesIO(data), origin="mem"))
    packed = list(iter_pages(io.BufferedReader(io.BytesIO(bz2.compress(data))), origin="mem"))
    assert [p.text for p in plain] == [p.text for p in syria]
    assert plain == packed
    assert {p.origin for p in plain} == {"mem"}
    with open(cd.SYRIA_XML, "rb") as handle:
        assert {p.origin for p in iter_pages(handle)} == {str(cd.SYRIA_XML)}


# --------------------------------------------------------------------------- real dump samples


@pytest.mark.parametrize(
    ("dump", "total", "articles", "redirects", "other"),
    [
        (cd.GENSIM, 206, 205, 100, {4: ["Wikipedia:Adding Wikipedia articles to Nupedia"]}),
        (cd.DBPEDIA, 27, 26, 2, {14: ["Category:Pininfarina"]}),
        (cd.WIKIPEDIA2VEC, 3, 3, 1, {}),  # an export-0.9 file
    ],
)
def test_bz2_dump_samples(
    dump: Path, total: int, articles: int, redirects: int, other: dict[int, list[str]]
) -> None:
    everything = list(iter_pages(dump, namespaces=None))
    assert len(everything) == total
    assert len({p.page_id for p in everything}) == total
    assert all(p.revision_id and p.timestamp and p.text for p in everything)
    assert sum(p.redirect is not None for p in everything) == redirects
    assert len(list(iter_pages(dump))) == articles  # default: articles only
    for namespace, expected in other.items():
        assert titles(list(iter_pages(dump, namespaces={namespace}))) == expected
    assert list(iter_pages(dump, namespaces=set())) == []


def test_redirects_carry_their_unescaped_target() -> None:
    pages = {p.title: p for p in iter_pages(cd.DBPEDIA)}
    assert pages["`Abdu'l-Bahá"].redirect == "ʻAbdu'l-Bahá"  # &#x2BB; in the file
    assert pages["The Amazing Spider-Man (2012 film)"].redirect == "The Amazing Spider-Man (film)"
    first = next(iter_pages(cd.WIKIPEDIA2VEC))
    assert (first.title, first.redirect) == ("AccessibleComputing", "Computer accessibility")
    assert first.text.startswith("#REDIRECT [[Computer accessibility]]")


def test_page_fields_are_the_first_of_each_child_and_the_last_revision() -> None:
    # Read in one pass over the children, not with ElementPath: comments in
    # between, a repeated element, a missing <ns>, an empty <text/> and a
    # history of revisions must read as `findtext` and `findall` read them.
    xml = textwrap.dedent(
        """\
        <mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/">
          <page>
            <!-- a comment first -->
            <title>Old &amp; new</title>
            <title>second title, ignored</title>
            <id>7</id>
            <revision><id>1</id><timestamp>2001-01-01T00:00:00Z</timestamp>
              <text>{{Infobox military unit}} first</text></revision>
            <!-- between revisions -->
            <revision><id> 2 </id><timestamp>2002-02-02T00:00:00Z</timestamp>
              <text>{{Infobox military unit}} last</text><id>99</id></revision>
          </page>
          <page>
            <title>No text</title><ns>x</ns><id>8</id>
            <revision><id>3</id><text/></revision>
          </page>
          <page><title>No revision</title><ns>0</ns><redirect title="Elsewhere"/></page>
        </mediawiki>
        """
    ).encode()
    pages = list(iter_pages(io.BytesIO(xml)))
    first, empty, bare = pages
    assert (first.title, first.namespace, first.page_id) == ("Old & new", 0, 7)
    assert (first.revision_id, first.timestamp) == (2, "2002-02-02T00:00:00Z")
    assert first.text == "{{Infobox military unit}} last"
    assert (empty.namespace, empty.revision_id, empty.timestamp, empty.text) == (0, 3, None, "")
    assert (bare.redirect, bare.revision_id, bare.text) == ("Elsewhere", None, "")
    assert [p.title for p in iter_pages(io.BytesIO(xml), prefilter=armed_group_prefilter)] == [
        "Old & new",
        "No revision",
    ]


def test_redirects_pass_any_prefilter() -> None:
    pages = list(iter_pages(cd.GENSIM, namespaces=None, prefilter=lambda title, text: False))
    assert len(pages) == 100
    assert all(p.redirect for p in pages)


# --------------------------------------------------------------------------- prefilters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{Infobox war faction\n| name = X}}", True),
        ("{{infobox War Faction|name=X}}", True),
        ("{{ Infobox_military_unit\n|unit_name=X}}", True),
        ("{{INFOBOX  militant   organisation}}", True),
        ("{{Infobox militant organization <!-- group -->\n|", True),
        ("{{Infobox terrorist organization\n| name = X", True),
        ("{{Infobox national military\n|", True),
        ("{{Infobox military person\n| name = X", True),
        ("{{Template:Infobox war faction|", True),
        ("{{Infobox military conflict\n| conflict = X", False),
        ("{{Infobox military personnel\n|", False),
        ("{{Infobox company\n| name = X", False),
        ("Infobox war faction without braces", False),
        ("", False),
    ],
)
def test_armed_group_prefilter(text: str, expected: bool) -> None:
    assert armed_group_prefilter("Some title", text) is expected


def test_armed_group_prefilter_on_samples(syria: list[WikiPage]) -> None:
    # The Syria export holds only group infoboxes (war faction, military unit,
    # national military, and the 2015 "terrorist organization").
    assert list(iter_pages(cd.SYRIA_XML, prefilter=armed_group_prefilter)) == syria
    kept = list(iter_pages(cd.GENSIM, prefilter=armed_group_prefilter))
    articles = [p.title for p in kept if p.redirect is None]
    # Has "Infobox national military" and "Infobox military person"; the
    # "Infobox military conflict" page of the sample is left out.
    assert articles == ["Angolan Armed Forces", "Albert Sidney Johnston"]
    assert [p.title for p in iter_pages(cd.DBPEDIA, prefilter=armed_group_prefilter)] == [
        p.title for p in iter_pages(cd.DBPEDIA) if p.redirect
    ]


def test_make_prefilter() -> None:
    def kept(source: Path, **options: object) -> list[str]:
        prefilter = make_prefilter(**options)  # type: ignore[arg-type]
        return [p.title for p in iter_pages(source, prefilter=prefilter) if p.redirect is None]

    assert kept(cd.DBPEDIA, templates=["Infobox company"], include_default=False) == [
        "Asda",
        "IBM",
        "IKEA",
        "Samsung",
    ]
    assert kept(cd.DBPEDIA, templates=["infobox_Person"], include_default=False) == [
        "Ferdinand Piëch",
        "Marian Breland Bailey",
    ]
    assert kept(cd.SYRIA_XML, titles=["(Syria)", "re:^Jaysh "], include_default=False) == [
        "Islamic Front (Syria)",
        "Jaysh al-Jihad",
        "Mujahideen Shura Council (Syria)",
        "Jaysh al-Ummah",
        "National Defence Forces (Syria)",
    ]
    # Criteria add up: the default test or the country template.
    assert kept(cd.GENSIM, templates=["Infobox country"]) == [
        "Algeria",
        "Andorra",
        "Aruba",
        "Angola",
        "Angolan Armed Forces",
        "Albert Sidney Johnston",
        "Afghanistan",
        "Albania",
        "Azerbaijan",
    ]
    assert len(kept(cd.DBPEDIA, include_default=False)) == 24  # no criteria: all articles
    with pytest.raises(ValueError, match="bad title regex"):
        make_prefilter(titles=["re:(unclosed"])


# --------------------------------------------------------------------------- multistream


def test_built_multistream_round_trips_the_samples(sample_multistream: tuple[Path, Path]) -> None:
    dump, index = sample_multistream
    built = list(iter_pages(dump, namespaces=None))
    seen: set[str] = set()
    originals = []
    for source in cd.SAMPLE_SOURCES:
        for page in iter_pages(source, namespaces=None):
            if page.title not in seen:  # three pages appear in two samples
                seen.add(page.title)
                originals.append(page)
    assert len(built) == 44 + 27 + 206 + 3 - 3
    strip = [
        (p.title, p.namespace, p.page_id, p.revision_id, p.timestamp, p.text, p.redirect)
        for p in originals
    ]
    assert [
        (p.title, p.namespace, p.page_id, p.revision_id, p.timestamp, p.text, p.redirect)
        for p in built
    ] == strip
    # The index lists every page, in order, at the offset of its stream.
    lines = bz2.decompress(index.read_bytes()).decode().splitlines()
    assert [line.split(":", 2)[1:] for line in lines] == [[str(p.page_id), p.title] for p in built]
    data = dump.read_bytes()
    assert data.startswith(b"BZh")
    assert bz2.decompress(data[: read_index(index)[0]]).lstrip().startswith(b"<mediawiki")


def test_index_and_ranges(sample_multistream: tuple[Path, Path]) -> None:
    dump, index = sample_multistream
    assert find_index(dump) == index
    offsets = read_index(index)
    assert offsets == sorted(set(offsets))
    assert len(offsets) == 28  # 277 pages, 10 per stream
    ranges = stream_ranges(dump, index)
    assert ranges == stream_ranges(dump)  # finds the index itself
    assert [start for start, _ in ranges] == offsets
    assert ranges[0][0] > 0  # the header stream holds no pages
    assert ranges[-1][1] == dump.stat().st_size
    assert all(a_end == b_start for (_, a_end), (b_start, _) in pairwise(ranges))
    data = dump.read_bytes()
    assert all(data[start : start + 3] == b"BZh" for start, _ in ranges)


def test_find_index_names(tmp_path: Path) -> None:
    whole = tmp_path / "enwiki-20240601-pages-articles-multistream.xml.bz2"
    part = tmp_path / "enwiki-20240601-pages-articles-multistream3.xml-p151574p311329.bz2"
    assert find_index(whole) is None
    (tmp_path / "enwiki-20240601-pages-articles-multistream-index.txt.bz2").touch()
    (tmp_path / "enwiki-20240601-pages-articles-multistream-index3.txt-p151574p311329.bz2").touch()
    assert find_index(whole).name == "enwiki-20240601-pages-articles-multistream-index.txt.bz2"
    assert find_index(part).name == (
        "enwiki-20240601-pages-articles-multistream-index3.txt-p151574p311329.bz2"
    )
    assert find_index(tmp_path / "enwiki-20240601-pages-articles.xml.bz2") is None


@pytest.mark.parametrize(
    "filters",
    [
        {"namespaces": None},
        {},
        {"prefilter": armed_group_prefilter},
        {"namespaces": {4, 14}},
    ],
    ids=["all", "articles", "armed-groups", "other-namespaces"],
)
def test_ranges_give_the_same_pages_as_the_whole_file(
    sample_multistream: tuple[Path, Path], filters: dict[str, object]
) -> None:
    dump, index = sample_multistream
    whole = list(iter_pages(dump, **filters))  # type: ignore[arg-type]
    assert whole
    pieces = [
        page
        for start, end in stream_ranges(dump, index)
        for page in iter_range_pages(dump, start, end, **filters)  # type: ignore[arg-type]
    ]
    assert pieces == whole


def test_ranges_spanning_several_streams_and_the_header(
    sample_multistream: tuple[Path, Path],
) -> None:
    dump, index = sample_multistream
    whole = list(iter_pages(dump, namespaces=None))
    ranges = stream_ranges(dump, index)
    size = dump.stat().st_size
    assert list(iter_range_pages(dump, 0, size, namespaces=None)) == whole
    assert list(iter_range_pages(dump, ranges[0][0], size, namespaces=None)) == whole
    middle = list(iter_range_pages(dump, ranges[2][0], ranges[5][1], namespaces=None))
    assert middle == whole[20:60]
    assert list(iter_range_pages(dump, 0, ranges[0][0], namespaces=None)) == []  # header only


# --------------------------------------------------------------------------- errors


def test_mismatched_tag_raises_after_the_earlier_pages(
    tmp_path: Path, syria: list[WikiPage]
) -> None:
    path, line = cd.write_mismatched_tag(tmp_path, page_number=20)
    got: list[WikiPage] = []
    with pytest.raises(DumpError) as caught:
        for page in iter_pages(path):
            got.append(page)
    assert titles(got) == titles(syria[:20])
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.path, error.line) == (str(path), line)
    assert error.column is not None and error.column > 0
    assert re.fullmatch(
        rf"{re.escape(str(path))}:{line}:\d+: malformed XML: .*titel"
        r".*after page 'Jaish al-Haramoun'.*",
        str(error),
    )


def test_truncated_file_raises_with_a_line_number(tmp_path: Path, syria: list[WikiPage]) -> None:
    path = cd.write_truncated(tmp_path, fraction=0.5)
    got: list[WikiPage] = []
    with pytest.raises(DumpError) as caught:
        got.extend(iter_pages(path))
    assert 10 < len(got) < 44
    assert got == [
        WikiPage(**{**{f: getattr(p, f) for f in WikiPage.__slots__}, "origin": str(path)})
        for p in syria[: len(got)]
    ]
    line_count = path.read_bytes().count(b"\n") + 1
    assert caught.value.line is not None and line_count - 2 <= caught.value.line <= line_count
    assert str(caught.value).startswith(f"{path}:{caught.value.line}:")


def test_damaged_bz2_and_non_exports(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xml.bz2"
    data = cd.GENSIM.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    got = []
    with pytest.raises(DumpError, match="cut.xml.bz2: cannot read"):
        got.extend(iter_pages(cut, namespaces=None))
    assert 0 < len(got) < 206
    html = tmp_path / "page.xml"
    html.write_text("<html><body><page>no</page></body></html>")
    with pytest.raises(DumpError, match="not a MediaWiki XML export"):
        list(iter_pages(html))


def test_range_errors(sample_multistream: tuple[Path, Path]) -> None:
    dump, index = sample_multistream
    (start, end), (_, end2) = stream_ranges(dump, index)[3:5]
    with pytest.raises(DumpError, match="ends inside a bz2 stream"):
        list(iter_range_pages(dump, start, end - 10))
    with pytest.raises(DumpError, match="bad bz2 data"):
        list(iter_range_pages(dump, start + 1, end))
    wrong_index = dump.with_name("wrong-index.txt")
    wrong_index.write_text(f"{start + 5}:1:Some page\n")
    with pytest.raises(DumpError, match="wrong index"):
        stream_ranges(dump, wrong_index)
    assert len(list(iter_range_pages(dump, start, end2, namespaces=None))) == 20


def test_dump_error_survives_pickling() -> None:
    error = DumpError("dump.xml", 12, 3, "malformed XML: boom")
    assert str(error) == "dump.xml:12:3: malformed XML: boom"
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.line, copy.column) == (DumpError, str(error), 12, 3)
    assert str(DumpError("dump.xml.bz2", None, None, "cannot read")) == "dump.xml.bz2: cannot read"


# --------------------------------------------------------------------------- streaming


@pytest.mark.slow
def test_reading_a_30_mb_dump_keeps_python_memory_flat(
    big_multistream: tuple[Path, Path],
) -> None:
    dump, index = big_multistream
    size = len(bz2.decompress(dump.read_bytes()))
    assert size >= 30_000_000

    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        count = sum(1 for _ in iter_pages(dump, namespaces=None))
        elapsed = time.perf_counter() - started
        whole_peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        ranged = sum(
            1
            for start, end in stream_ranges(dump, index)
            for _ in iter_range_pages(dump, start, end, namespaces=None)
        )
        range_peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    print(
        f"\n{size / 1e6:.1f} MB, {count} pages: tracemalloc peak {whole_peak / 1e6:.1f} MB "
        f"(ranges {range_peak / 1e6:.1f} MB), {size / 1e6 / elapsed:.0f} MB/s under tracemalloc"
    )
    assert count == ranged > 1000
    assert whole_peak < 50_000_000
    assert range_peak < 50_000_000


@pytest.mark.slow
def test_reading_a_30_mb_dump_keeps_native_memory_flat(
    big_multistream: tuple[Path, Path],
) -> None:
    # tracemalloc does not see libxml2's tree, which is what would grow if
    # pages were not released, so the peak RSS (VmHWM; ru_maxrss would carry
    # over from this process through exec) of a fresh interpreter is measured
    # too. Without releasing, 30 MB of XML adds ~45 MB.
    if not Path("/proc/self/status").exists():
        pytest.skip("needs Linux /proc for the peak RSS")
    dump, _index = big_multistream
    script = textwrap.dedent(
        f"""
        import re
        from pathlib import Path
        from orbat.sources.mediawiki import iter_pages
        from orbat.sources.multistream import iter_range_pages

        def peak():
            status = Path("/proc/self/status").read_text()
            return int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) * 1024

        dump = {str(dump)!r}
        before = peak()
        n = sum(1 for _ in iter_pages(dump, namespaces=None))
        middle = peak()
        n += sum(1 for _ in iter_range_pages(dump, 0, {dump.stat().st_size}, namespaces=None))
        print(n, middle - before, peak() - before)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    pages, whole_growth, total_growth = map(int, done.stdout.split())
    print(
        f"\npeak RSS growth over {pages} pages: iter_pages {whole_growth / 1e6:.1f} MB, "
        f"then iter_range_pages {total_growth / 1e6:.1f} MB"
    )
    assert pages > 2000
    assert whole_growth < 25_000_000
    assert total_growth < 25_000_000
