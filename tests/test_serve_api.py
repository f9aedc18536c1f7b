"""The web app's JSON API and server-rendered pages, through FastAPI's test client.

The helpers here (knowledge bases with hostile text, coordinates) are shared with
tests/test_browser.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

NDF_NAME = "National Defence Forces"

EVIL_ARTICLE = """\
= Evil Brigade <script>window.__pwned = 1</script> =

Infobox
- Unit Name: <b>Bold</b> Brigade <img src=x onerror="window.__pwned = 2">
- Dates: 2014 – 2019
- Allegiance: <script>window.__pwned = 3</script>Evil State
- Type: <a href="javascript:window.__pwned = 4">Militia</a>
- Size: 1,000 (2020)
- Garrison: <iframe src="javascript:window.__pwned = 5"></iframe> Homs, Syria
- Battles: <script>window.__pwned = 7</script>Battle of Nowhere

The Evil Brigade is an armed group. <script>window.__pwned = 8</script> \
See javascript:window.__pwned=9 for more.

== History ==
It was formed in 2014. <a href="javascript:window.__pwned = 10">click here</a>
"""
EVIL_CITATION_URL = "javascript:window.__pwned=11"


def build_evil_kb(path: Path) -> Path:
    """A knowledge base whose text holds script tags, javascript: links and HTML in
    infobox values, plus a claim citing a javascript: URL."""
    from orbat.ingest import ingest
    from orbat.model import Citation, Claim, Document, EntityRef, Extraction, Kind, Source
    from orbat.model import qualifiers as quals
    from orbat.store import Store
    from orbat.values.types import Quantity, Time

    folder = path.parent / "evil-articles"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Evil_Brigade.txt").write_text(EVIL_ARTICLE, encoding="utf-8")
    text = (
        "Evil Brigade is backed by <b>Nobody</b>. It had 2,000 fighters in 2020. "
        "<script>window.__pwned = 12</script>"
    )
    doc = Document(text=text, title="Evil <i>citations</i>", origin="test:evil")
    subject = EntityRef("Evil Brigade <script>window.__pwned = 1</script>", Kind.ORGANISATION)
    ex = Extraction(document=doc, subject=subject)
    start = text.index("<b>")
    ex.add(
        Claim(
            subject,
            "supported_by",
            EntityRef("<b>Nobody</b>", Kind.ORGANISATION),
            Source(
                doc.id,
                "Lead",
                start,
                start + len("<b>Nobody</b>"),
                "<b>Nobody</b>",
                "test:evil",
                citations=(
                    Citation(url=EVIL_CITATION_URL, title="<script>window.__pwned=13</script>"),
                ),
            ),
        )
    )
    # A second source gives another size for the same year: a conflict to show.
    start = text.index("2,000")
    ex.add(
        Claim(
            subject,
            "size",
            Quantity(amount=2000),
            Source(
                doc.id,
                "Lead",
                start,
                start + len("2,000 fighters in 2020"),
                "2,000 fighters in 2020",
                "test:evil",
            ),
            quals(point_in_time=Time(2020)),
        )
    )
    with Store(path) as store:
        report = ingest(store, [folder / "Evil_Brigade.txt"])
        assert not report.errors, report.errors
        store.write([ex])
    return path


def add_coordinates(db: Path, coords: dict[str, tuple[float, float]]) -> None:
    """Give entities coordinates in the `places` table, as geocoding (orbat resolve)
    would; a knowledge base without one gets a minimal table."""
    con = duckdb.connect(str(db))
    try:
        cols = con.execute(
            "SELECT column_name, is_nullable, data_type FROM information_schema.columns "
            "WHERE table_name = 'places' AND table_schema = 'main' ORDER BY ordinal_position"
        ).fetchall()
        if not cols:
            con.execute("CREATE TABLE places (entity_id VARCHAR, lat DOUBLE, lon DOUBLE)")
            cols = [
                ("entity_id", "YES", "VARCHAR"),
                ("lat", "YES", "DOUBLE"),
                ("lon", "YES", "DOUBLE"),
            ]
        names = {c[0] for c in cols}
        lat = "latitude" if "latitude" in names else "lat"
        lon = "longitude" if "longitude" in names else "lon"
        for eid, (y, x) in coords.items():
            name = con.execute("SELECT name FROM entities WHERE entity_id = ?", [eid]).fetchone()
            row: dict[str, Any] = {"entity_id": eid, lat: y, lon: x}
            fill = {"status": "resolved", "name": name[0] if name else eid, "reason": "test"}
            for col, nullable, dtype in cols:
                if col not in row and (col in fill or nullable == "NO"):
                    row[col] = fill.get(col, "test" if "CHAR" in dtype else 0)
            con.execute("DELETE FROM places WHERE entity_id = ?", [eid])
            con.execute(
                f"INSERT INTO places ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
    finally:
        con.close()


def entity_id_of(db: Path, name: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT entity_id FROM entities WHERE name = ?", [name]).fetchone()
    finally:
        con.close()
    assert row, f"no entity {name!r}"
    return row[0]


def copy_kb(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def client(seed_kb: Path) -> TestClient:
    from orbat.serve import create_app

    with TestClient(create_app(seed_kb)) as c:
        yield c


@pytest.fixture(scope="module")
def ndf(client: TestClient) -> dict[str, Any]:
    hits = client.get("/api/search", params={"q": NDF_NAME}).json()["items"]
    assert hits and hits[0]["name"] == NDF_NAME
    return hits[0]


@pytest.fixture(scope="module")
def geo_kb(seed_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = copy_kb(seed_kb, tmp_path_factory.mktemp("geo") / "geo.duckdb")
    add_coordinates(
        db,
        {
            entity_id_of(db, "Damascus"): (33.513, 36.292),
            entity_id_of(db, "Aleppo Governorate"): (36.2, 37.15),
            entity_id_of(db, "Siege of Homs"): (34.73, 36.71),
        },
    )
    return db


@pytest.fixture(scope="module")
def evil_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_evil_kb(tmp_path_factory.mktemp("evil") / "evil.duckdb")


# ---------------------------------------------------------------- search


@pytest.mark.parametrize(
    "q", ["NDF", "ndf", "National Defence Forces", "national defense", "Natinal Defence Forse"]
)
def test_search_is_typo_tolerant(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == q
    assert body["items"][0]["name"] == NDF_NAME, body["items"][:3]


def test_search_results_have_kinds_dates_and_pages(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Aleppo", "limit": 3}).json()
    assert body["total"] > 3 and len(body["items"]) == 3
    assert {"entity_id", "name", "kind", "score", "claims", "start", "end"} <= set(body["items"][0])
    page2 = client.get("/api/search", params={"q": "Aleppo", "limit": 3, "offset": 3}).json()
    assert page2["total"] == body["total"]
    ids = {h["entity_id"] for h in body["items"]} & {h["entity_id"] for h in page2["items"]}
    assert not ids, "pages overlap"
    battles = client.get("/api/search", params={"q": "Aleppo", "kind": "battle"}).json()
    assert battles["items"] and {h["kind"] for h in battles["items"]} == {"battle"}
    dated = [h for h in battles["items"] if h["start"]]
    assert dated and re.fullmatch(r"\d{4}(-\d\d){0,2}", dated[0]["start"]["time"])


def test_search_page_groups_by_kind(client: TestClient) -> None:
    html = client.get("/", params={"q": "Damascus"}).text
    assert "Places" in html and "Battles and operations" in html
    assert 'href="/entity/' in html
    assert client.get("/", params={"q": "zzzzqqq"}).status_code == 200
    assert "Best-attested" in client.get("/").text


def test_search_never_runs_sql_from_the_query(client: TestClient) -> None:
    for q in ["'; DROP TABLE claims; --", "%", "_", "\\", "$q", "\u0000"]:
        assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/api/status").json()["claims"] > 0


# ---------------------------------------------------------------- entities and claims


def test_entity_and_profile(client: TestClient, ndf: dict[str, Any]) -> None:
    eid = ndf["entity_id"]
    e = client.get(f"/api/entities/{eid}").json()
    assert e["entity_id"] == eid and e["kind"] == "organisation"
    assert "National Defense Forces" in e["aliases"]
    assert e["start"]["time"] == "2012-11-01" and e["claims_about"] > 50
    assert e["links"]["page"] == f"/entity/{eid}"
    p = client.get(f"/api/entities/{eid}/profile").json()
    assert {"Commanders", "Places"} <= set(p["sections"])
    assert any(n["name"] == "Syrian civil war" for n in p["engagements"])
    assert client.get("/api/entities/Enope").status_code == 404


def test_claims_have_sources_and_are_paginated(client: TestClient, ndf: dict[str, Any]) -> None:
    eid = ndf["entity_id"]
    first = client.get(f"/api/entities/{eid}/claims", params={"limit": 5}).json()
    assert first["total"] > 50 and len(first["items"]) == 5
    second = client.get(f"/api/entities/{eid}/claims", params={"limit": 5, "offset": 5}).json()
    assert not {c["claim_id"] for c in first["items"]} & {c["claim_id"] for c in second["items"]}
    size = client.get(f"/api/entities/{eid}/claims", params={"property": "size"}).json()
    by_value = {c["value_text"]: c for c in size["items"]}
    assert {"50,000", "60,000", "100,000"} <= set(by_value)  # infobox and prose, side by side
    c = by_value["50,000"]
    assert c["qualifiers"]["point_in_time"]["time"] == "2023"
    (s,) = c["sources"]
    assert s["quote"] == "50,000 (2023)" and s["section"] == "Infobox"
    doc = client.get(f"/api/documents/{s['doc_id']}").json()
    assert doc["text"][s["span_start"] : s["span_end"]] == s["quote"]
    assert client.get(f"/api/claims/{c['claim_id']}").json()["claim_id"] == c["claim_id"]
    assert client.get("/api/claims/Cnope").status_code == 404
    inbound = client.get(f"/api/entities/{eid}/claims", params={"direction": "in"}).json()
    assert all(c["value_entity_id"] == eid for c in inbound["items"])
    assert client.get(f"/api/entities/{eid}/claims", params={"limit": 0}).status_code == 422


def test_sources_and_documents(client: TestClient, ndf: dict[str, Any]) -> None:
    docs = client.get("/api/documents").json()
    assert docs["total"] == 1
    d = docs["items"][0]
    assert d["title"] == NDF_NAME and d["sources"] > 50 and len(d["doc_id"]) == 64
    spans = client.get(f"/api/documents/{d['doc_id']}/sources", params={"limit": 10}).json()
    assert spans["total"] == d["sources"] and len(spans["items"]) == 10
    starts = [s["span_start"] for s in spans["items"]]
    assert starts == sorted(starts)
    sid = spans["items"][0]["source_id"]
    one = client.get(f"/api/sources/{sid}").json()
    assert one["source_id"] == sid and one["claims"] and one["doc_title"] == NDF_NAME
    no_text = client.get(f"/api/documents/{d['doc_id']}", params={"text": False}).json()
    assert no_text["text"] is None
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/sources/Snope").status_code == 404


def test_timeline(client: TestClient, ndf: dict[str, Any]) -> None:
    t = client.get(f"/api/entities/{ndf['entity_id']}/timeline").json()
    assert [p["value"] for p in t["size"]] == [60000, 100000, 50000]  # in time order
    lanes = {e["lane"] for e in t["events"]}
    assert {"Formation", "Engagements"} <= lanes
    formed = [e for e in t["events"] if e["label"] == "Formed"]
    assert formed[0]["start"]["time"] == "2012-11-01" and formed[0]["sources"]
    times = [(e["start"] or e["end"])["time"] for e in t["events"]]
    assert times == sorted(times)
    assert any(e["lane"] == "Leadership" for e in t["undated"])


def test_graph_filters_by_type_and_year(client: TestClient, ndf: dict[str, Any]) -> None:
    eid = ndf["entity_id"]
    g = client.get(f"/api/entities/{eid}/graph").json()
    root = [n for n in g["nodes"] if n["root"]]
    assert root[0]["id"] == eid
    assert {"commander", "allegiance"} <= {e["property"] for e in g["edges"]}
    assert all(e["property"] != "conflict" for e in g["edges"])
    only = client.get(f"/api/entities/{eid}/graph", params={"types": "commander"}).json()
    commanders = {e["target"] for e in only["edges"]}
    assert {e["property"] for e in only["edges"]} == {"commander"} and len(commanders) >= 4
    assert len(only["nodes"]) == 1 + len(commanders)
    wars = client.get(f"/api/entities/{eid}/graph", params={"types": "conflict"}).json()
    assert len(wars["edges"]) > 50
    # The engagements dated 2013 exist in 2013; none of them had started by 2011.
    y2013 = client.get(f"/api/entities/{eid}/graph", params={"types": "conflict", "year": 2013})
    y2011 = client.get(f"/api/entities/{eid}/graph", params={"types": "conflict", "year": 2011})
    n2013, n2011 = len(y2013.json()["nodes"]), len(y2011.json()["nodes"])
    assert 1 < n2011 < n2013 < len(wars["nodes"])
    names = {n["name"] for n in y2011.json()["nodes"]}
    assert "2013 Latakia offensive" not in names
    assert "2013 Latakia offensive" in {n["name"] for n in y2013.json()["nodes"]}
    deep = client.get(f"/api/entities/{eid}/graph", params={"types": "all", "depth": 2}).json()
    assert len(deep["nodes"]) >= len(wars["nodes"])
    assert client.get(f"/api/entities/{eid}/graph", params={"depth": 3}).status_code == 422


# ---------------------------------------------------------------- map


def test_places_without_geocoding(client: TestClient, ndf: dict[str, Any]) -> None:
    body = client.get(f"/api/entities/{ndf['entity_id']}/places").json()
    if not body["has_coordinates_table"]:
        assert body["points"] == []
        html = client.get(f"/entity/{ndf['entity_id']}/map").text
        assert "No coordinates yet" in html
    names = {p["name"] for p in body["unplaced"]} | {p["name"] for p in body["points"]}
    assert {"Damascus", "Aleppo Governorate", "Siege of Homs"} <= names
    assert client.get("/api/places").status_code == 200


def test_places_with_coordinates(geo_kb: Path) -> None:
    from orbat.serve import create_app

    with TestClient(create_app(geo_kb)) as c:
        eid = entity_id_of(geo_kb, NDF_NAME)
        body = c.get(f"/api/entities/{eid}/places").json()
        assert body["has_coordinates_table"]
        by_name = {p["name"]: p for p in body["points"]}
        assert by_name["Damascus"]["category"] == "Headquarters"
        assert by_name["Damascus"]["lat"] == pytest.approx(33.513)
        assert by_name["Aleppo Governorate"]["category"] == "Area of operations"
        assert by_name["Siege of Homs"]["category"] == "Battle"
        assert by_name["Damascus"]["sources"]
        assert "Damascus" not in {p["name"] for p in body["unplaced"]}
        everything = c.get("/api/places").json()
        assert everything["total"] >= 3
        assert "No coordinates yet" not in c.get(f"/entity/{eid}/map").text


# ---------------------------------------------------------------- pages


def test_pages_render(client: TestClient, ndf: dict[str, Any]) -> None:
    eid = ndf["entity_id"]
    for path in ["", "/timeline", "/map", "/network"]:
        r = client.get(f"/entity/{eid}{path}")
        assert r.status_code == 200, path
        assert NDF_NAME in r.text
    for path in ["/map", "/sources", "/api-docs"]:
        assert client.get(path).status_code == 200, path
    r = client.get("/entity/Enope")
    assert r.status_code == 404 and "Not found" in r.text
    assert client.get("/nowhere").status_code == 404


def test_profile_page_cites_every_value(client: TestClient, ndf: dict[str, Any]) -> None:
    html = client.get(f"/entity/{ndf['entity_id']}").text
    for text in [
        "Commanders",
        "Hawash Mohammed",
        "Brig. Gen.",
        "Current Commander",
        "50,000",
        "Engagements",
        "<details",
        "Damascus campaign",
    ]:
        assert text in html, text
    markers = re.findall(
        r'<a class="cite" href="/source/(\w+)\?hl=(S\w+)#hl" data-ref="ref-(S\w+)"', html
    )
    assert len(markers) > 80
    assert all(a == b for _, a, b in markers)
    for _, sid, _ in markers:
        assert f'id="ref-{sid}"' in html
    # Every value is followed by its citation marker.
    values = re.findall(r'<span class="value" data-claim="\w+">.*?</span>(.{0,400})', html)
    assert values and all('class="cite"' in after for after in values)


def test_source_view_highlights_the_span(client: TestClient, ndf: dict[str, Any]) -> None:
    c = client.get(
        f"/api/entities/{ndf['entity_id']}/claims", params={"property": "commander"}
    ).json()["items"][0]
    s = c["sources"][0]
    html = client.get(f"/source/{s['doc_id']}", params={"hl": s["source_id"]}).text
    m = re.search(r'id="hl"[^>]*><mark>(.*?)</mark>', html)
    assert m and m.group(1) == s["quote"]
    r = client.get(f"/claim/{c['claim_id']}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/source/{s['doc_id']}?hl={s['source_id']}#hl"


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in [
        "/api/search",
        "/api/entities/{entity_id}",
        "/api/entities/{entity_id}/claims",
        "/api/entities/{entity_id}/timeline",
        "/api/entities/{entity_id}/graph",
        "/api/documents/{doc_id}",
        "/api/sources/{source_id}",
    ]:
        assert p in paths and "get" in paths[p], p
    params = {p["name"] for p in paths["/api/search"]["get"]["parameters"]}
    assert {"q", "limit", "offset"} <= params
    assert "/api/search" in client.get("/api-docs").text


# ---------------------------------------------------------------- safety


def test_security_headers_and_read_only(client: TestClient) -> None:
    for path in ["/", "/api/status", "/static/app.css"]:
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"
    assert client.post("/api/search", params={"q": "x"}).status_code == 405
    assert client.delete("/api/entities/E1").status_code == 405
    # A page from another site reaching the server by DNS rebinding sends its own Host.
    assert client.get("/api/status", headers={"host": "evil.example"}).status_code == 400


def test_no_cdn_and_no_inline_script(client: TestClient, ndf: dict[str, Any]) -> None:
    eid = ndf["entity_id"]
    for path in [
        "/",
        f"/entity/{eid}",
        f"/entity/{eid}/timeline",
        f"/entity/{eid}/map",
        f"/entity/{eid}/network",
        "/sources",
        "/api-docs",
    ]:
        html = client.get(path).text
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
            assert src.startswith("/static/"), (path, src)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert " style=" not in html and "<style" not in html, path


def test_hostile_text_is_escaped(evil_kb: Path) -> None:
    from orbat.serve import create_app

    with TestClient(create_app(evil_kb)) as c:
        eid = entity_id_of(evil_kb, "Evil Brigade <script>window.__pwned = 1</script>")
        pages = [
            f"/entity/{eid}",
            f"/entity/{eid}/timeline",
            f"/entity/{eid}/map",
            f"/entity/{eid}/network",
            "/?q=Evil",
            "/sources",
        ]
        doc_ids = [d["doc_id"] for d in c.get("/api/documents").json()["items"]]
        pages += [f"/source/{d}" for d in doc_ids]
        for path in pages:
            html = c.get(path).text
            assert "window.__pwned" not in re.sub(r"&lt;.*?&gt;|&#34;|&#39;", "", html) or (
                "<script>window" not in html
            ), path
            assert "<script>window" not in html, path
            assert "<img src=x" not in html and "<iframe" not in html, path
            assert 'href="javascript:' not in html.lower(), path
        profile = c.get(f"/entity/{eid}").text
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in profile
        # Two sources, two sizes for 2020: side by side, neither wins.
        conflict = re.search(r'<dd class="conflict">(.*?)</dd>', profile, re.S)
        assert conflict and "Sources differ (as of 2020)" in conflict.group(1)
        assert "1,000" in conflict.group(1) and "2,000" in conflict.group(1)
        assert "&lt;b&gt;Bold&lt;/b&gt;" in profile
        # A javascript: URL in a citation is shown, never linked.
        assert "javascript:window.__pwned=11" in profile
        assert 'href="javascript' not in profile
        # The API returns the text as it is, as JSON strings.
        e = c.get(f"/api/entities/{eid}").json()
        assert e["name"] == "Evil Brigade <script>window.__pwned = 1</script>"


def test_serve_command(tmp_path: Path, seed_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from orbat.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "--no-open" in r.output and "127.0.0.1" in r.output
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb"), "--no-open"])
    assert r.exit_code == 2 and "no knowledge base" in r.output
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app_, **kw: seen.update(kw, app=app_))
    r = runner.invoke(app, ["serve", "--db", str(seed_kb), "--port", "9999", "--no-open"])
    assert r.exit_code == 0, r.output
    assert "http://127.0.0.1:9999/" in r.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 9999


def test_conflicts_and_formats() -> None:
    from orbat.serve.pages import rows_of
    from orbat.serve.present import format_time, period, safe_url

    def claim(cid: str, prop: str, value: Any, text: str, quals: dict | None = None) -> dict:
        return {
            "claim_id": cid,
            "property": prop,
            "value": value,
            "value_text": text,
            "qualifiers": quals or {},
            "sources": [],
        }

    year, day = {"time": "2024", "precision": "year"}, {"time": "2024-12-08", "precision": "day"}
    (row,) = rows_of([claim("a", "dissolved", year, "2024"), claim("b", "dissolved", day, "x")])
    assert [it.get("conflict") for it in row["items"]] == [None, None]  # one date, two precisions
    other = {"time": "2023-01-02", "precision": "day"}
    (row,) = rows_of([claim("a", "dissolved", day, "x"), claim("b", "dissolved", other, "y")])
    assert row["items"][0]["conflict"] and len(row["items"][0]["claims"]) == 2
    when = {"point_in_time": {"time": "2013", "precision": "year"}}
    later = {"point_in_time": {"time": "2023", "precision": "year"}}
    (row,) = rows_of(
        [claim("a", "size", {}, "60,000", when), claim("b", "size", {}, "50,000", later)]
    )
    assert len(row["items"]) == 2 and not any(it.get("conflict") for it in row["items"])
    assert format_time("2012-11-01", "day") == "1 November 2012"
    assert format_time("2013-06", "month") == "June 2013" and format_time("2013") == "2013"
    assert period(when) == "as of 2013"
    assert period({"start": year}) == "2024 – …"
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ["javascript:alert(1)", " JavaScript:x", "data:text/html,x", "//evil", None, 3]:
        assert safe_url(bad) is None
