"""Ingesting: idempotence, bad input, atomicity."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import SEED
from orbat.ingest import ingest
from orbat.store import Store


def test_reingest_changes_nothing(db: Path, shared: Path) -> None:
    with Store(db) as store:
        first = ingest(store, [SEED])
        counts = store.counts()
        second = ingest(store, [SEED])
        assert store.counts() == counts
    assert first.written.claims > 50
    assert second.written.claims == 0 and second.written.documents == 0


def test_same_claim_twice_in_a_document_has_two_sources(seed_kb: Path) -> None:
    with Store(seed_kb, read_only=True) as store:
        rows = store.query(
            "SELECT claim_id, count(*) AS n FROM sources GROUP BY claim_id HAVING n > 1"
        )
    # Every claim is stored once; sources are per place in the text.
    assert all(r["n"] >= 2 for r in rows)


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {
        "binary": tmp / "binary.txt",
        "empty": tmp / "empty.txt",
        "utf8": tmp / "latin1.txt",
        "long": tmp / "one_line.txt",
    }
    files["binary"].write_bytes(b"= T =\n\x00\x01\x02\xff" * 10)
    files["empty"].write_bytes(b"")
    files["utf8"].write_bytes("= Caf\u00e9 =\n\nIt was founded in 2011.\n".encode("latin-1"))
    files["long"].write_bytes(b"= T =\n" + b"x" * (20 * 1024 * 1024))
    return files


@pytest.mark.parametrize(
    ("kind", "message", "line"),
    [
        ("binary", "binary data", 2),
        ("empty", "empty", None),
        ("utf8", "not valid UTF-8", 1),
        ("long", "characters long", 2),
    ],
)
def test_malformed_file_is_reported_and_earlier_data_kept(
    db: Path, tmp_path: Path, shared: Path, kind: str, message: str, line: int | None
) -> None:
    bad = _bad_files(tmp_path)[kind]
    with Store(db) as store:
        ingest(store, [SEED])
        before = store.counts()
        report = ingest(store, [bad, SEED])
        assert store.counts() == before
    assert len(report.errors) == 1
    error = report.errors[0]
    assert str(bad) in str(error) and message in str(error)
    assert error.line == line


def test_a_bad_file_does_not_stop_the_batch(db: Path, tmp_path: Path, shared: Path) -> None:
    bad = tmp_path / "a_bad.txt"
    bad.write_bytes(b"")
    with Store(db) as store:
        report = ingest(store, [bad, SEED])
        assert store.counts()["documents"] == 1
    assert report.failed_files == {str(bad)}


def test_failed_write_leaves_no_half_document(db: Path, shared: Path) -> None:
    """A write that fails midway rolls the whole document back."""
    from orbat.extract import extract
    from orbat.sources.files import read_path
    from orbat.store.rows import to_tables

    doc = next(iter(read_path(SEED)))
    tables = to_tables([extract(doc)])
    tables["sources"] = tables["sources"].drop_columns(["quote"])  # the last table fails
    with Store(db) as store:
        with pytest.raises(duckdb.Error):
            store.write_tables(tables)
        assert store.counts() == {"documents": 0, "entities": 0, "claims": 0, "sources": 0}


def test_input_errors_survive_pickling() -> None:
    """Workers send errors to the writer process; the position must arrive intact."""
    import pickle

    from orbat.errors import InputError

    err = InputError("dump.xml", "bad", line=3, column=7, page="Some page")
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) == "dump.xml [page 'Some page']:3:7: bad"
    assert (back.line, back.column, back.page) == (3, 7, "Some page")


def test_one_text_under_two_titles_keeps_both_origins(db: Path, shared: Path) -> None:
    """The 2015 export holds "Al-Nusra Front" and "al-Nusra Front" with the same text."""
    xml = shared / "corpus" / "wikitext" / "syria_2015_infoboxes.xml"
    with Store(db) as store:
        ingest(store, [xml])
        origins = store.query(
            "SELECT o.title FROM document_origins o JOIN document_origins p USING (doc_id) "
            "WHERE p.title = 'Al-Nusra Front' ORDER BY o.title"
        )
        assert store.counts()["documents"] == 43
    assert [r["title"] for r in origins] == ["Al-Nusra Front", "al-Nusra Front"]
