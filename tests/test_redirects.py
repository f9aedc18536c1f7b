"""Redirects are staged while a dump is read and become alias claims once their target is known."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from orbat.ingest import ingest
from orbat.names import entity_id
from orbat.redirects import link, staged
from orbat.store import Store

GROUP = """{{Infobox militant organization
| name = Lions of the Valley Brigade
| active = 2012–2015
| area = [[Idlib Governorate]]
}}
The '''Lions of the Valley Brigade''' was a rebel group in Idlib."""

OTHER_GROUP = """{{Infobox militant organization
| name = Eagles of the Coast
| active = 2013–2016
}}
The '''Eagles of the Coast''' was a rebel group in Latakia."""


def _page(title: str, text: str, page_id: int, redirect: str | None = None) -> str:
    element = f'<redirect title="{escape(redirect)}" />' if redirect else ""
    return (
        f"<page><title>{escape(title)}</title><ns>0</ns><id>{page_id}</id>{element}"
        f"<revision><id>{page_id * 10}</id><timestamp>2015-08-09T00:00:00Z</timestamp>"
        f'<text xml:space="preserve">{escape(text, quote=False)}</text></revision></page>'
    )


def _export(path: Path, pages: list[str]) -> Path:
    path.write_text(
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">'
        + "".join(pages)
        + "</mediawiki>",
        encoding="utf-8",
    )
    return path


def _aliases(store: Store, target: str) -> list[tuple[str, str]]:
    """(alias, quote) of the redirect claims about `target`."""
    return [
        (r["value_text"], r["quote"])
        for r in store.query(
            "SELECT c.value_text, s.quote FROM claims c JOIN sources s USING (claim_id) "
            "WHERE c.subject_id = ? AND c.property = 'alias' AND s.method = 'redirect' "
            "ORDER BY 1",
            [entity_id(target)],
        )
    ]


def _redirect_origins(store: Store) -> list[str]:
    return [
        r["origin"]
        for r in store.query(
            "SELECT o.origin FROM document_origins o JOIN documents d USING (doc_id) "
            "WHERE d.format = 'redirect' ORDER BY 1"
        )
    ]


def test_redirects_to_kept_pages_become_aliases_and_the_rest_stay_staged(tmp_path: Path) -> None:
    dump = _export(
        tmp_path / "pages.xml",
        [
            _page("Lions of the Valley Brigade", GROUP, 1),
            _page(
                "Liwa Usud al-Wadi",
                "#REDIRECT [[Lions of the Valley Brigade]]",
                2,
                "Lions of the Valley Brigade",
            ),
            _page(
                "Lions Brigade (Idlib)",
                "#redirect [[Lions of the Valley Brigade#History]]",
                3,
                "Lions of the Valley Brigade",
            ),
            _page("Some Village", "#REDIRECT [[Somewhere Else]]", 4, "Somewhere Else"),
        ],
    )
    with Store(tmp_path / "kb.duckdb") as store:
        report = ingest(store, [dump])
        assert report.redirects == 3 and report.redirects_linked == 2
        assert _aliases(store, "Lions of the Valley Brigade") == [
            ("Lions Brigade (Idlib)", "#redirect [[Lions of the Valley Brigade#History]]"),
            ("Liwa Usud al-Wadi", "#REDIRECT [[Lions of the Valley Brigade]]"),
        ]
        assert _redirect_origins(store) == [
            f"{dump}#Lions Brigade (Idlib)",
            f"{dump}#Liwa Usud al-Wadi",
        ]
        # The unknown target made nothing: no document, entity or claim.
        assert not store.query("SELECT 1 FROM entities WHERE name = 'Somewhere Else'")
        assert staged(store) == (3, 2)
        # Linking again changes nothing.
        assert link(store)[0] == 0


def test_a_later_ingest_links_what_an_earlier_one_staged(tmp_path: Path) -> None:
    first = _export(
        tmp_path / "first.xml",
        [
            _page("Lions of the Valley Brigade", GROUP, 1),
            _page("Coast Eagles", "#REDIRECT [[Eagles of the Coast]]", 2, "Eagles of the Coast"),
        ],
    )
    second = _export(tmp_path / "second.xml", [_page("Eagles of the Coast", OTHER_GROUP, 3)])
    with Store(tmp_path / "kb.duckdb") as store:
        assert ingest(store, [first]).redirects_linked == 0
        assert _aliases(store, "Eagles of the Coast") == []
        assert ingest(store, [second]).redirects_linked == 1
        assert [a for a, _ in _aliases(store, "Eagles of the Coast")] == ["Coast Eagles"]
        assert staged(store) == (1, 1)


def test_a_redirect_to_a_name_only_claims_use_is_linked(tmp_path: Path) -> None:
    """Targets need not be kept pages: a group's area is an entity too."""
    dump = _export(
        tmp_path / "pages.xml",
        [
            _page("Lions of the Valley Brigade", GROUP, 1),
            _page("Idlib province", "#REDIRECT [[Idlib Governorate]]", 2, "Idlib Governorate"),
        ],
    )
    with Store(tmp_path / "kb.duckdb") as store:
        ingest(store, [dump])
        assert [a for a, _ in _aliases(store, "Idlib Governorate")] == ["Idlib province"]


@pytest.mark.parametrize("workers", [1, 2])
def test_staging_is_the_same_with_a_pool(tmp_path: Path, workers: int) -> None:
    pages = [_page("Lions of the Valley Brigade", GROUP, 1)]
    pages += [
        _page(
            f"Lions {i}",
            "#REDIRECT [[Lions of the Valley Brigade]]",
            10 + i,
            "Lions of the Valley Brigade",
        )
        for i in range(30)
    ]
    dump = _export(tmp_path / "pages.xml", pages)
    with Store(tmp_path / "kb.duckdb") as store:
        report = ingest(store, [dump], workers=workers)
        assert report.redirects_linked == 30
        assert len(_aliases(store, "Lions of the Valley Brigade")) == 30
        # One text, so one document, read under thirty titles.
        assert len(_redirect_origins(store)) == 30


def test_a_chain_links_in_one_ingest(tmp_path: Path) -> None:
    dump = _export(
        tmp_path / "pages.xml",
        [
            _page("Lions of the Valley Brigade", GROUP, 1),
            _page("Lions Brigade", "#REDIRECT [[Liwa Usud al-Wadi]]", 2, "Liwa Usud al-Wadi"),
            _page(
                "Liwa Usud al-Wadi",
                "#REDIRECT [[Lions of the Valley Brigade]]",
                3,
                "Lions of the Valley Brigade",
            ),
        ],
    )
    with Store(tmp_path / "kb.duckdb") as store:
        assert ingest(store, [dump]).redirects_linked == 2
        assert [a for a, _ in _aliases(store, "Liwa Usud al-Wadi")] == ["Lions Brigade"]
        assert link(store)[0] == 0  # nothing left for a second run


def test_a_page_that_became_a_redirect_is_linked(tmp_path: Path) -> None:
    """A later dump of the same name: same origins, new texts."""
    path = tmp_path / "enwiki-pages.xml"
    _export(
        path,
        [
            _page("Lions of the Valley Brigade", GROUP, 1),
            _page("Eagles of the Coast", OTHER_GROUP, 2),
        ],
    )
    with Store(tmp_path / "kb.duckdb") as store:
        ingest(store, [path])
        _export(
            path,
            [
                _page("Lions of the Valley Brigade", GROUP, 1),
                _page(
                    "Eagles of the Coast",
                    "#REDIRECT [[Lions of the Valley Brigade]]",
                    2,
                    "Lions of the Valley Brigade",
                ),
            ],
        )
        assert ingest(store, [path]).redirects_linked == 1
        assert [a for a, _ in _aliases(store, "Lions of the Valley Brigade")] == [
            "Eagles of the Coast"
        ]


def test_a_dump_read_again_is_staged_once(tmp_path: Path) -> None:
    dump = _export(
        tmp_path / "pages.xml",
        [
            _page("Lions of the Valley Brigade", GROUP, 1),
            _page("Some Village", "#REDIRECT [[Somewhere Else]]", 2, "Somewhere Else"),
        ],
    )
    with Store(tmp_path / "kb.duckdb") as store:
        for _ in range(3):
            ingest(store, [dump], resume=False)
        assert store.query("SELECT count(*) AS n FROM redirects")[0]["n"] == 1
        assert staged(store) == (1, 0)


def test_nothing_to_link_does_not_load_the_extractor(tmp_path: Path) -> None:
    """The writer links after every ingest; loading spaCy for nothing cost it ~1 s."""
    import subprocess
    import sys

    db = tmp_path / "kb.duckdb"
    Store(db).close()
    code = (
        "import sys\n"
        "from orbat.redirects import link\n"
        "from orbat.store import Store\n"
        f"store = Store({str(db)!r})\n"
        "print(link(store)[0], 'orbat.extract' in sys.modules, 'spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False", "False"]
