"""The web app in a real browser: Playwright driving Debian's Chromium.

Each page is checked for what it must show (a citation's highlighted quote, the
chart, the map's panes, the network's nodes) and that hostile article text stays
text; screenshots of every page go to test-artifacts/.

Needs /usr/bin/chromium (`make sysdeps`) and the front-end bundle (`make assets`):
without them the tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from test_serve_api import NDF_NAME, add_coordinates, build_evil_kb, copy_kb, entity_id_of

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "screenshot-profile.png"
VIEWPORT = {"width": 1280, "height": 900}


def _missing() -> list[str]:
    from orbat.serve.app import vendor_built

    problems = []
    if not CHROMIUM.exists():
        problems.append("Debian's Chromium is not installed at /usr/bin/chromium (make sysdeps)")
    if not vendor_built():
        problems.append("the front-end bundle is not built (make assets)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("playwright is not installed (pip install -e '.[test]')")
    return problems


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problems = _missing()
    if problems:
        if os.environ.get("CI"):
            pytest.fail("browser tests cannot run: " + "; ".join(problems))
        pytest.skip("browser tests skipped: " + "; ".join(problems))
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def live_server(db: Path) -> Iterator[str]:
    """Serve the app on a free port of 127.0.0.1 in a background thread."""
    import uvicorn

    from orbat.serve import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def site(seed_kb: Path, browser: Any) -> Iterator[dict[str, str]]:
    with live_server(seed_kb) as url:
        yield {"url": url, "ndf": entity_id_of(seed_kb, NDF_NAME)}


class Page:
    """A browser page that records console errors, failed requests and dialogs."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status} {r.url}"),
        )

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    p = Page(browser)
    yield p
    p.close()
    assert not p.problems, p.problems
    assert not p.dialogs, p.dialogs


def _in_viewport(page: Any, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }""",
        selector,
    )


# ---------------------------------------------------------------- the pages


def test_search_profile_citation_and_source(site: dict[str, str], page: Page) -> None:
    pg = page.page
    pg.goto(site["url"] + "/")
    pg.fill("#q", "NDF")
    pg.press("#q", "Enter")
    pg.wait_for_selector(".result-group")
    assert "Groups" in pg.locator(".result-group h2").first.inner_text()
    hit = pg.locator("a.hit-name", has_text=NDF_NAME)
    assert hit.count() == 1
    page.shot("search")

    hit.click()
    pg.wait_for_selector("h1")
    assert pg.locator("h1").inner_text() == NDF_NAME
    assert pg.locator("text=National Defense Forces").count() >= 1
    assert pg.locator("table.commanders tbody tr").count() >= 4
    tree = pg.locator("section[aria-labelledby=s-eng] details")
    assert tree.count() > 5
    inner = tree.nth(1)
    assert inner.get_attribute("open") is None
    inner.locator("summary").click()
    assert inner.get_attribute("open") is not None
    page.shot("profile", full_page=True)
    if os.environ.get("ORBAT_DOCS_SCREENSHOT"):  # the README's picture: a citation open
        pg.evaluate("window.scrollTo(0, 0)")
        pg.locator("dd", has_text="50,000").locator("a.cite").click()
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        pg.screenshot(path=str(DOCS_SCREENSHOT))
        pg.keyboard.press("Escape")

    # A citation marker opens a card with the quote highlighted and where it is from.
    row = pg.locator("table.commanders tr", has_text="Hawash Mohammed")
    marker = row.locator("a.cite")
    marker.click()
    card = pg.locator(".cite-pop")
    card.wait_for(state="visible")
    assert marker.get_attribute("aria-expanded") == "true"
    assert card.locator("mark").inner_text() == "Brig. Gen. Hawash Mohammed"
    text = card.inner_text()
    assert NDF_NAME in text and "section Infobox" in text and "revision" in text
    page.shot("citation")
    pg.keyboard.press("Escape")
    assert card.count() == 0
    marker.click()

    # ... and from the card to the source view, the span scrolled into view.
    pg.locator(".cite-pop a.to-source").click()
    pg.wait_for_url(re.compile(r"/source/\w+\?hl=S\w+#hl$"))
    hl = pg.locator("#hl")
    hl.wait_for(state="visible")
    assert hl.inner_text() == "Brig. Gen. Hawash Mohammed"
    assert hl.locator("mark").count() == 1
    pg.wait_for_timeout(300)
    assert _in_viewport(pg, "#hl")
    assert pg.locator(".selected-card mark").inner_text() == "Brig. Gen. Hawash Mohammed"
    assert pg.locator("article.doctext a.span").count() > 50
    page.shot("source")


def test_timeline(site: dict[str, str], page: Page) -> None:
    pg = page.page
    pg.goto(f"{site['url']}/entity/{site['ndf']}/timeline")
    pg.wait_for_selector("#size-chart canvas")
    pg.wait_for_selector("#timeline-lanes svg")
    assert pg.locator("#size-chart").get_attribute("data-points") == "3"  # 2013-06, 2013-08, 2023
    bars = pg.locator("#timeline-lanes svg .bar, #timeline-lanes svg .dot")
    assert bars.count() > 40
    labels = pg.locator("#timeline-lanes .lane-label").all_text_contents()
    assert "Formation" in labels and "Engagements" in labels
    ticks = pg.locator("#timeline-lanes .tick-label").all_text_contents()
    assert "2013" in ticks and "2024" in ticks
    assert pg.locator("table.events tbody tr").count() > 40
    page.shot("timeline", full_page=True)


def test_map_without_coordinates(site: dict[str, str], page: Page) -> None:
    pg = page.page
    pg.goto(f"{site['url']}/entity/{site['ndf']}/map")
    pg.wait_for_selector("#map[data-ready='1']")
    assert pg.locator("#map .leaflet-pane").count() > 0
    assert int(pg.locator("#map").get_attribute("data-outlines")) > 100
    assert pg.locator("#map .leaflet-outlines-pane path").count() > 100
    assert pg.locator("#map img.leaflet-tile").count() == 0
    if pg.locator("#map").get_attribute("data-points") == "0":  # not geocoded
        assert "No coordinates yet" in pg.locator("#map-note").inner_text()
        assert pg.locator("text=Without coordinates").count() == 1
    page.shot("map")


def test_map_with_coordinates(seed_kb: Path, tmp_path: Path, browser: Any, page: Page) -> None:
    db = copy_kb(seed_kb, tmp_path / "geo.duckdb")
    add_coordinates(
        db,
        {
            entity_id_of(db, "Damascus"): (33.513, 36.292),
            entity_id_of(db, "Aleppo Governorate"): (36.2, 37.15),
            entity_id_of(db, "Siege of Homs"): (34.73, 36.71),
        },
    )
    pg = page.page
    with live_server(db) as url:
        pg.goto(f"{url}/entity/{entity_id_of(db, NDF_NAME)}/map")
        pg.wait_for_selector("#map[data-ready='1']")
        assert int(pg.locator("#map").get_attribute("data-points")) >= 3
        markers = pg.locator("#map .leaflet-points-pane path.leaflet-interactive")
        assert markers.count() >= 3
        assert pg.locator("#map-note").count() == 0
        page.shot("map-geocoded")
        markers.first.click(force=True)
        popup = pg.locator(".leaflet-popup-content .map-pop")
        popup.wait_for(state="visible")
        assert popup.locator("a[href^='/entity/']").count() >= 1
        pg.goto(f"{url}/map")
        pg.wait_for_selector("#map[data-ready='1']")
        assert int(pg.locator("#map").get_attribute("data-points")) >= 3


def test_network(site: dict[str, str], page: Page) -> None:
    pg = page.page
    pg.goto(f"{site['url']}/entity/{site['ndf']}/network")
    pg.wait_for_selector("#cy[data-nodes] canvas")
    assert int(pg.locator("#cy").get_attribute("data-nodes")) >= 5
    assert pg.locator("#net-edges tbody tr").count() >= 5
    page.shot("network")

    # Only commanders: the group and its four commanders.
    for cb in pg.locator("input[name=types]").all():
        if cb.get_attribute("value") != "commander":
            cb.uncheck()
    # (Functions, not expressions: the page's CSP forbids eval.)
    pg.wait_for_function(
        "() => [...document.querySelectorAll('#net-edges tbody td:nth-child(2)')]"
        ".every(td => td.textContent === 'commander')"
    )
    links = pg.locator("#net-edges tbody tr").count()
    assert links >= 4
    assert pg.locator("#cy").get_attribute("data-nodes") == str(1 + links)
    assert set(pg.locator("#net-edges tbody td:nth-child(2)").all_inner_texts()) == {"commander"}
    assert "types=commander" in pg.url

    # Engagements as they stood in 2013.
    pg.locator("input[value=conflict]").check()
    pg.wait_for_function("() => Number(document.querySelector('#cy').dataset.nodes) > 50")
    all_years = int(pg.locator("#cy").get_attribute("data-nodes"))
    pg.fill("#net-year", "2013")
    pg.click("#net-filters button[type=submit]")
    pg.wait_for_function(
        "(n) => Number(document.querySelector('#cy').dataset.nodes) < n", arg=all_years
    )
    assert "as of 2013" in pg.locator("#net-status").inner_text()
    assert "year=2013" in pg.url

    # Tapping a node shows it, with links to its profile and its own network.
    pos = pg.evaluate(
        """() => { const n = window.orbatNetwork.nodes('[name = "Hawash Mohammed"]')[0];
        const p = n.renderedPosition(); return {x: p.x, y: p.y}; }"""
    )
    box = pg.locator("#cy").bounding_box()
    pg.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    info = pg.locator("#net-info")
    info.wait_for(state="visible")
    assert info.locator("h2").inner_text() == "Hawash Mohammed"
    assert info.locator("a", has_text="Profile").get_attribute("href").startswith("/entity/")
    page.shot("network-filtered")


# ---------------------------------------------------------------- hostile text


def test_hostile_text_renders_as_text(tmp_path: Path, browser: Any, page: Page) -> None:
    db = build_evil_kb(tmp_path / "evil.duckdb")
    evil = entity_id_of(db, "Evil Brigade <script>window.__pwned = 1</script>")
    pg = page.page
    csp_reports: list[str] = []
    pg.on("console", lambda m: "Content Security Policy" in m.text and csp_reports.append(m.text))
    with live_server(db) as url:
        doc_ids = [
            row["doc_id"]
            for row in pg.request.get(f"{url}/api/documents").json()["items"]  # type: ignore[union-attr]
        ]
        paths = [
            "/?q=Evil",
            f"/entity/{evil}",
            f"/entity/{evil}/timeline",
            f"/entity/{evil}/map",
            f"/entity/{evil}/network",
            "/sources",
        ] + [f"/source/{d}" for d in doc_ids]
        for path in paths:
            pg.goto(url + path)
            pg.wait_for_load_state("networkidle")
            state = pg.evaluate(
                """() => ({
                    pwned: window.__pwned,
                    inline: [...document.scripts].filter(s => !s.src).length,
                    foreign: [...document.scripts].filter(s => s.src &&
                        !s.src.startsWith(location.origin + '/static/')).length,
                    img: document.querySelectorAll('img[src=x], img[onerror]').length,
                    iframe: document.querySelectorAll('iframe').length,
                    svg: document.querySelectorAll('main svg[onload]').length,
                    js: [...document.querySelectorAll('a[href]')].filter(a =>
                        a.href.trim().toLowerCase().startsWith('javascript:')).length,
                    bold: document.querySelectorAll('main b').length,
                })"""
            )
            assert state == {
                "pwned": None,
                "inline": 0,
                "foreign": 0,
                "img": 0,
                "iframe": 0,
                "svg": 0,
                "js": 0,
                "bold": 0,
            }, (path, state)
        pg.goto(f"{url}/entity/{evil}")
        assert pg.locator("h1").inner_text() == "Evil Brigade <script>window.__pwned = 1</script>"
        body = pg.locator("main").inner_text()
        assert "<b>Bold</b> Brigade <img src=x onerror=" in body
        assert '<a href="javascript:window.__pwned = 4">Militia</a>' in body
        assert "<iframe" in body
        # The citation's javascript: URL is shown as text, not as a link.
        assert "javascript:window.__pwned=11" in body
        # Two sources give two sizes for 2020: shown side by side.
        alts = pg.locator(".conflict .side-by-side .alt")
        assert alts.count() == 2 and "Sources differ (as of 2020)" in body
        page.shot("hostile-profile", full_page=True)
        marker = pg.locator("dd", has_text="<b>Nobody</b>").locator("a.cite")
        marker.click()
        pg.locator(".cite-pop").wait_for(state="visible")
        assert pg.locator(".cite-pop mark").inner_text() == "<b>Nobody</b>"
        pg.locator(".cite-pop a.to-source").click()
        pg.wait_for_selector("#hl")
        assert pg.locator("#hl").inner_text() == "<b>Nobody</b>"
        assert "<script>window.__pwned = 12</script>" in pg.locator("article").inner_text()
        assert pg.evaluate("window.__pwned") is None
        page.shot("hostile-source")
    assert not csp_reports, csp_reports
