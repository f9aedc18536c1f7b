"""Builders for dump fixtures: paths of the shared samples and files derived from them.

Kept out of conftest.py so that only the dump tests pay for importing the
benchmark builder; every builder writes into a directory the test owns.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).parents[1] / ".." / "shared"
SYRIA_XML = SHARED / "corpus" / "wikitext" / "syria_2015_infoboxes.xml"
DUMPS = SHARED / "corpus" / "dumps"
GENSIM = DUMPS / "gensim_enwiki-latest-pages-articles1-shortened.xml.bz2"
DBPEDIA = DUMPS / "dbpedia_minidump_en_wiki.xml.bz2"
WIKIPEDIA2VEC = DUMPS / "wikipedia2vec_enwiki-pages-articles-sample.xml.bz2"
SAMPLE_SOURCES = [SYRIA_XML, DBPEDIA, GENSIM, WIKIPEDIA2VEC]

_XML_ENTITY = re.compile(r"&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


@cache
def make_multistream() -> ModuleType:
    """bench/make_multistream.py as a module (bench/ is not a package)."""
    path = ROOT / "bench" / "make_multistream.py"
    spec = importlib.util.spec_from_file_location("make_multistream", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_multistream", module)
    spec.loader.exec_module(module)
    return module


def build_sample_multistream(out_dir: Path, *, pages_per_stream: int = 10) -> tuple[Path, Path]:
    """Every sample page once, in many small streams so ranges are plentiful."""
    return make_multistream().build_multistream(
        SAMPLE_SOURCES, out_dir, pages_per_stream=pages_per_stream, name="sample"
    )


def build_big_multistream(out_dir: Path, *, megabytes: float = 30) -> tuple[Path, Path]:
    """A multistream dump of about `megabytes` MB of uncompressed XML."""
    return make_multistream().build_multistream(
        SAMPLE_SOURCES, out_dir, target_bytes=int(megabytes * 1_000_000), name="big"
    )


def unescape_xml(raw: str) -> str:
    """XML unescaping written independently of lxml, to check the reader against."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _NAMED[name]

    return _XML_ENTITY.sub(replace, raw)


def raw_texts(xml_path: Path) -> list[str]:
    """The `<text>` contents of an uncompressed export, unescaped, in file order."""
    raw = xml_path.read_text(encoding="utf-8")
    return [unescape_xml(m) for m in re.findall(r"<text[^>]*>(.*?)</text>", raw, flags=re.S)]


def write_export_variant(out_dir: Path, namespace: str | None) -> Path:
    """The Syria export with its root in another schema namespace (None: no namespace)."""
    raw = SYRIA_XML.read_text(encoding="utf-8")
    old = 'xmlns="http://www.mediawiki.org/xml/export-0.10/"'
    assert old in raw
    new = f'xmlns="{namespace}"' if namespace is not None else ""
    label = re.sub(r"\W+", "_", namespace or "none")
    path = out_dir / f"variant-{label}.xml"
    path.write_text(raw.replace(old, new, 1), encoding="utf-8")
    return path


def write_truncated(out_dir: Path, *, fraction: float = 0.5) -> Path:
    """The Syria export cut off part-way, as a failed download leaves it."""
    data = SYRIA_XML.read_bytes()
    path = out_dir / "truncated.xml"
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def write_mismatched_tag(out_dir: Path, page_number: int) -> tuple[Path, int]:
    """The Syria export with `</title>` misspelt in page `page_number` (0-based).

    Returns the path and the 1-based line of the damage.
    """
    lines = SYRIA_XML.read_text(encoding="utf-8").splitlines(keepends=True)
    title_lines = [i for i, line in enumerate(lines) if "<title>" in line]
    target = title_lines[page_number]
    lines[target] = lines[target].replace("</title>", "</titel>")
    path = out_dir / "mismatched.xml"
    path.write_text("".join(lines), encoding="utf-8")
    return path, target + 1
