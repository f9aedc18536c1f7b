"""The HTML pages: server-rendered with Jinja2 (autoescaped), a little JavaScript
from /static for the chart, the map and the network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from orbat.query import build_profile
from orbat.serve import present, queries
from orbat.serve.db import ReadStore, get_store
from orbat.store import Store

HERE = Path(__file__).parent
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # article text is untrusted: every value is escaped
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals.update(
    label=present.label,
    inverse_label=present.inverse_label,
    format_time=present.format_time,
    format_value_time=present.format_value_time,
    period=present.period,
    qualifier_bits=present.qualifier_bits,
    safe_url=present.safe_url,
    KIND_LABELS=present.KIND_LABELS,
    RELATION_GROUPS=present.RELATION_GROUPS,
    DEFAULT_RELATIONS=present.DEFAULT_RELATIONS,
)
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
StoreDep = Annotated[ReadStore, Depends(get_store)]

# Properties that hold one value at a time: differing values for the same period
# are a conflict between sources, shown side by side.
SINGLE_VALUED = {"inception", "dissolved", "start", "end", "point_in_time", "size", "casualties"}
CONTEXT = 90  # characters of text shown around a quote


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("q", "")
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


class Citer:
    """Numbers the sources cited on a page, once per span, like footnotes."""

    def __init__(self) -> None:
        self.refs: dict[str, dict[str, Any]] = {}

    def __call__(self, claim: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for s in claim.get("sources", []):
            ref = self.refs.get(s["source_id"])
            if ref is None:
                ref = self.refs[s["source_id"]] = dict(s, n=len(self.refs) + 1, claims=[])
            if claim["claim_id"] not in ref["claims"]:
                ref["claims"].append(claim["claim_id"])
            out.append((ref["n"], ref))
        return out

    def references(self, store: Store) -> list[dict[str, Any]]:
        """The cited sources in number order, each with a little text around its quote."""
        refs = sorted(self.refs.values(), key=lambda r: r["n"])
        docs = {r["doc_id"] for r in refs}
        texts = (
            {
                d["doc_id"]: d["text"]
                for d in store.query(
                    "SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT unnest($ids))",
                    {"ids": sorted(docs)},
                )
            }
            if docs
            else {}
        )
        for r in refs:
            text = texts.get(r["doc_id"], "")
            a, b = r["span_start"], r["span_end"]
            r["before"] = ("…" if a > CONTEXT else "") + text[max(0, a - CONTEXT) : a]
            r["after"] = text[b : b + CONTEXT] + ("…" if b + CONTEXT < len(text) else "")
        return refs


def rows_of(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A section's claims as display rows, grouped by property; values of a single-valued
    property that differ for the same period become one row with the values side by side."""
    by_prop: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        by_prop.setdefault(c["property"], []).append(c)
    out = []
    for prop, cs in by_prop.items():
        if prop not in SINGLE_VALUED:
            out.append({"property": prop, "items": [{"claims": [c]} for c in cs]})
            continue
        groups: dict[str, list[dict[str, Any]]] = {}
        for c in cs:
            groups.setdefault(present.period(c["qualifiers"]), []).append(c)
        items = []
        for when, group in groups.items():
            if _disagree(group):
                items.append({"claims": group, "conflict": True, "when": when})
            else:
                items.extend({"claims": [c]} for c in group)
        out.append({"property": prop, "items": items})
    return out


def _disagree(claims: list[dict[str, Any]]) -> bool:
    """Whether claims state values that cannot all be true; a date given at two
    precisions ('2024' and '8 December 2024') is not a disagreement."""
    values = set()
    for c in claims:
        iso = c["value"].get("time") if isinstance(c["value"], dict) else None
        values.add(("t", str(iso)) if iso else ("v", c["value_text"]))
    times = [v for k, v in values if k == "t"]
    others = {v for k, v in values if k == "v"}
    if len(others) > 1 or (others and times):
        return True
    return any(
        not (a.startswith(b) or b.startswith(a))
        for i, a in enumerate(times)
        for b in times[i + 1 :]
    )


def _count_tree(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count_tree(n["children"]) for n in nodes)


class MovedTo(Exception):
    """An entity merged into another (orbat resolve): its pages are the canonical's."""

    def __init__(self, url: str) -> None:
        self.url = url


def entity_or_404(store: Store, entity_id: str, request: Request | None = None) -> dict[str, Any]:
    entity = store.entity(entity_id)
    if entity is None:
        raise HTTPException(404, f"no entity {entity_id}")
    if request is not None and entity["entity_id"] != entity_id:
        path = request.url.path.replace(entity_id, entity["entity_id"], 1)
        raise MovedTo(path + (f"?{request.url.query}" if request.url.query else ""))
    return entity


# ---------------------------------------------------------------- pages


@router.get("/")
def search_page(
    request: Request,
    store: StoreDep,
    q: str = "",
    kind: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    limit = 50
    result = queries.search(store, q, kind=kind or None, limit=limit, offset=offset)
    if q and result["total"] == 0:
        suggestions = queries.search(store, q, limit=5, threshold=0.7)["items"]
    else:
        suggestions = []
    return render(
        request,
        "search.html",
        q=q,
        kind=kind or "",
        result=result,
        groups=queries.group_by_kind(result["items"]),
        suggestions=suggestions,
        counts=store.counts(),
        next_offset=offset + limit if offset + limit < result["total"] else None,
        prev_offset=max(0, offset - limit) if offset else None,
    )


@router.get("/entity/{entity_id}")
def profile_page(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    entity_or_404(store, entity_id, request)
    profile = build_profile(store, entity_id)
    commanders = profile.sections.pop("Commanders", [])
    allegations = profile.sections.pop("Allegations", [])
    sections = {title: rows_of(claims) for title, claims in profile.sections.items()}
    participants = (
        store.claims(value_entity_id=entity_id, prop="conflict")
        if profile.entity["kind"] in ("battle", "incident", "other")
        else []
    )
    participants.sort(key=lambda c: c["subject_name"])
    inbound: dict[str, list[dict[str, Any]]] = {}
    for c in sorted(profile.mentioned_by, key=lambda c: (c["property"], c["subject_name"])):
        inbound.setdefault(c["property"], []).append(c)
    coords = queries.coordinates(store, list(queries.with_members(store, [entity_id])))
    coords = coords.get(entity_id) or next(iter(coords.values()), None)
    cite = Citer()
    return render(
        request,
        "profile.html",
        entity=profile.entity,
        tab="profile",
        sections=sections,
        commanders=commanders,
        allegations=allegations,
        engagements=profile.engagements,
        engagement_count=_count_tree(profile.engagements),
        participants=participants,
        inbound=inbound,
        coords=coords,
        cite=cite,
        store=store,
    )


@router.get("/entity/{entity_id}/timeline")
def timeline_page(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    entity = entity_or_404(store, entity_id, request)
    data = queries.timeline(store, entity_id)
    cite = Citer()
    claims = {c["claim_id"]: c for c in store.claims(subject_id=entity_id)}
    claims.update({c["claim_id"]: c for c in store.claims(value_entity_id=entity_id)})
    return render(
        request,
        "timeline.html",
        entity=entity,
        tab="timeline",
        data=data,
        claims=claims,
        cite=cite,
        store=store,
    )


@router.get("/entity/{entity_id}/map")
def map_page(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    entity = entity_or_404(store, entity_id, request)
    data = queries.map_points(store, entity_id)
    return render(request, "map.html", entity=entity, tab="map", data=data)


@router.get("/map")
def overview_map_page(request: Request, store: StoreDep) -> HTMLResponse:
    data = queries.all_places(store, limit=1)
    return render(request, "map.html", entity=None, tab="map", data=data)


@router.get("/entity/{entity_id}/network")
def network_page(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    entity = entity_or_404(store, entity_id, request)
    counts = queries.relation_counts(store, entity_id)
    return render(request, "network.html", entity=entity, tab="network", counts=counts)


@router.get("/sources")
def documents_page(
    request: Request, store: StoreDep, offset: Annotated[int, Query(ge=0)] = 0
) -> HTMLResponse:
    limit = 100
    docs = queries.documents(store, limit=limit, offset=offset)
    return render(
        request,
        "documents.html",
        docs=docs,
        next_offset=offset + limit if offset + limit < docs["total"] else None,
        prev_offset=max(0, offset - limit) if offset else None,
    )


@router.get("/source/{doc_id}")
def source_page(
    request: Request, store: StoreDep, doc_id: str, hl: str | None = None
) -> HTMLResponse:
    doc = queries.document(store, doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id}")
    spans = queries.document_sources(store, doc_id)["items"]
    by_id = {s["source_id"]: s for s in spans}
    selected = by_id.get(hl) if hl else None
    return render(
        request,
        "source.html",
        doc=doc,
        spans=spans,
        by_id=by_id,
        segments=queries.segments(doc["text"], spans),
        selected=selected,
    )


@router.get("/claim/{claim_id}")
def claim_redirect(store: StoreDep, claim_id: str) -> RedirectResponse:
    """A stable link to a claim: its first source, highlighted in its document."""
    claim = queries.claim_by_id(store, claim_id)
    if claim is None:
        raise HTTPException(404, f"no claim {claim_id}")
    if not claim["sources"]:
        return RedirectResponse(f"/entity/{claim['subject_id']}", status_code=303)
    s = claim["sources"][0]
    return RedirectResponse(f"/source/{s['doc_id']}?hl={s['source_id']}#hl", status_code=303)


@router.get("/api-docs")
def api_docs_page(request: Request) -> HTMLResponse:
    """The API's OpenAPI description, rendered here (no CDN-hosted Swagger UI)."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append({"path": path, "method": method.upper(), **op})
    return render(request, "api.html", spec=spec, ops=ops)
