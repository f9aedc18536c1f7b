"""The JSON API under /api/: everything the pages show, paginated, with stable ids.

Ids are the knowledge base's own: `entity_id` (E…, from the normalised name),
`claim_id` (C…), `source_id` (S…, one span of one document, shared by the claims
read from it) and `doc_id` (the sha256 of the stored text).
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, Field

from orbat.query import build_profile
from orbat.serve import present, queries
from orbat.serve.db import ReadStore, get_store

router = APIRouter(prefix="/api", tags=["api"])
StoreDep = Annotated[ReadStore, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
EntityId = Annotated[str, Path(description="An entity id, e.g. E3d3a82d8bee381b.")]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Items in all pages.")
    limit: int
    offset: int
    items: list[T]


class TimeValue(BaseModel):
    time: str = Field(description="ISO date at its precision: 2013, 2013-06 or 2013-06-01.")
    precision: str | None = Field(None, description="year, month, day (or decade, century).")


class SourceRef(BaseModel):
    source_id: str
    doc_id: str
    section: str


class Source(BaseModel):
    source_id: str
    claim_id: str
    doc_id: str
    doc_title: str
    doc_origin: str | None = None
    doc_revision: str | None = None
    section: str
    span_start: int = Field(description="Character offset into the document's text.")
    span_end: int
    quote: str
    method: str = Field(description="The rule that read the claim.")
    confidence: float
    citations: list[dict[str, Any]] = Field(description="References the text itself cites.")


class Claim(BaseModel):
    claim_id: str
    subject_id: str
    subject_name: str
    property: str
    value_type: str
    value: Any
    value_text: str
    value_entity_id: str | None = None
    value_name: str | None = None
    value_kind: str | None = None
    time_iso: str | None = None
    time_precision: str | None = None
    quantity: float | None = None
    quantity_min: float | None = None
    quantity_max: float | None = None
    qualifiers: dict[str, Any]
    sources: list[Source]


class SearchHit(BaseModel):
    entity_id: str
    name: str
    kind: str
    matched: str | None = Field(None, description="The alias that matched, if not the name.")
    score: float | None = None
    claims: int = Field(description="Claims about the entity.")
    start: TimeValue | None = None
    end: TimeValue | None = None


class SearchPage(Page[SearchHit]):
    query: str


class Entity(BaseModel):
    entity_id: str
    name: str
    kind: str
    aliases: list[str]
    start: TimeValue | None = None
    end: TimeValue | None = None
    claims_about: int
    claims_mentioning: int
    links: dict[str, str]


class SizePoint(BaseModel):
    time: TimeValue | None
    value: float | None
    min: float | None = None
    max: float | None = None
    text: str
    claim_id: str
    sources: list[SourceRef]


class Event(BaseModel):
    lane: str
    label: str
    start: TimeValue | None
    end: TimeValue | None
    entity_id: str | None = None
    claim_id: str
    property: str
    sources: list[SourceRef]


class Timeline(BaseModel):
    entity_id: str
    lanes: list[str]
    size: list[SizePoint]
    events: list[Event] = Field(description="Dated events, in time order.")
    undated: list[Event]


class Node(BaseModel):
    id: str
    name: str
    kind: str
    start: TimeValue | None = None
    end: TimeValue | None = None
    root: bool


class Edge(BaseModel):
    id: str = Field(description="The claim id.")
    source: str = Field(description="The claim's subject.")
    target: str = Field(description="The claim's value.")
    property: str
    label: str
    start: TimeValue | None = None
    end: TimeValue | None = None
    dated: bool
    source_ids: list[str]


class Graph(BaseModel):
    entity_id: str
    year: int | None
    types: list[str]
    truncated: bool
    nodes: list[Node]
    edges: list[Edge]


class MapPoint(BaseModel):
    category: str
    entity_id: str
    name: str
    place_id: str
    place_name: str
    lat: float
    lon: float
    place: dict[str, Any] = Field(description="The row of the `places` table.")
    claim_id: str | None
    sources: list[SourceRef]


class Unplaced(BaseModel):
    category: str
    entity_id: str
    name: str
    claim_id: str
    sources: list[SourceRef]


class MapData(BaseModel):
    entity_id: str
    has_coordinates_table: bool = Field(description="False until places are geocoded.")
    points: list[MapPoint]
    unplaced: list[Unplaced]


class Place(BaseModel):
    entity_id: str
    name: str
    kind: str
    lat: float
    lon: float


class PlacePage(Page[Place]):
    has_coordinates_table: bool


class DocumentFields(BaseModel):
    doc_id: str
    title: str
    origin: str
    format: str
    revision_id: str | None = None
    revision_timestamp: str | None = None
    ingested_at: str | None = None
    length: int


class DocumentSummary(DocumentFields):
    sources: int = Field(description="Spans that claims were read from.")


class Document(DocumentFields):
    text: str | None = None


class SpanClaim(BaseModel):
    claim_id: str
    property: str
    subject_id: str
    subject_name: str
    value_text: str
    value_entity_id: str | None = None


class Span(BaseModel):
    source_id: str
    section: str
    span_start: int
    span_end: int
    quote: str
    method: str
    claims: list[SpanClaim]


class SpanDetail(BaseModel):
    source_id: str
    doc_id: str
    doc_title: str
    doc_revision: str | None = None
    section: str
    span_start: int
    span_end: int
    quote: str
    method: str
    confidence: float
    citations: list[dict[str, Any]]
    claims: list[dict[str, Any]]


class Status(BaseModel):
    documents: int
    entities: int
    claims: int
    sources: int
    has_coordinates_table: bool


def _entity_or_404(store: ReadStore, entity_id: str) -> dict[str, Any]:
    entity = store.entity(entity_id)
    if entity is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return entity


@router.get("/status", response_model=Status, summary="What the knowledge base holds")
def status(store: StoreDep) -> dict[str, Any]:
    return {**store.counts(), "has_coordinates_table": queries.places_table(store)}


@router.get("/search", response_model=SearchPage, summary="Search entities by name or alias")
def search(
    store: StoreDep,
    q: Annotated[str, Query(description="A name, alias or acronym; typos are forgiven.")],
    kind: Annotated[
        str | None, Query(description="organisation, person, place, battle or incident.")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Names and aliases close to `q` (Jaro–Winkler similarity, prefixes, words,
    acronyms), best first, with the entity's dates."""
    return queries.search(store, q, kind=kind, limit=limit, offset=offset)


@router.get("/entities", response_model=SearchPage, summary="List entities")
def entities(
    store: StoreDep, kind: str | None = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Entities, the most-claimed first."""
    return queries.list_entities(store, kind=kind, limit=limit, offset=offset)


@router.get("/entities/{entity_id}", response_model=Entity, summary="One entity")
def entity(store: StoreDep, entity_id: EntityId) -> dict[str, Any]:
    e = _entity_or_404(store, entity_id)
    entity_id = e["entity_id"]  # the canonical entity, if this one was merged into it
    dates = queries.entity_dates(store, [entity_id]).get(entity_id, {})
    n_about, n_in = store.query(
        "SELECT (SELECT count(*) FROM claims WHERE subject_id IN (SELECT unnest($ids))), "
        "(SELECT count(*) FROM claims WHERE value_entity_id IN (SELECT unnest($ids)))",
        {"ids": list(queries.with_members(store, [entity_id]))},
    )[0].values()
    base = f"/api/entities/{entity_id}"
    return {
        **e,
        **dates,
        "claims_about": n_about,
        "claims_mentioning": n_in,
        "links": {
            "page": f"/entity/{entity_id}",
            "profile": f"{base}/profile",
            "claims": f"{base}/claims",
            "timeline": f"{base}/timeline",
            "graph": f"{base}/graph",
            "places": f"{base}/places",
        },
    }


@router.get("/entities/{entity_id}/profile", summary="An entity's profile")
def profile(store: StoreDep, entity_id: EntityId) -> dict[str, Any]:
    """Claims grouped into sections (as `orbat show --json`), engagements as a tree and
    the claims of other entities that mention this one."""
    _entity_or_404(store, entity_id)
    return build_profile(store, entity_id).to_json()


@router.get("/entities/{entity_id}/claims", response_model=Page[Claim], summary="Claims")
def claims(
    store: StoreDep,
    entity_id: EntityId,
    property: Annotated[str | None, Query(description="Only this property.")] = None,
    direction: Annotated[
        Literal["out", "in", "both"],
        Query(description="out: claims about the entity; in: claims whose value it is."),
    ] = "out",
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims with all their sources, ordered by property, value and id."""
    _entity_or_404(store, entity_id)
    rows: list[dict[str, Any]] = []
    if direction in ("out", "both"):
        rows += store.claims(subject_id=entity_id, prop=property)
    if direction in ("in", "both"):
        rows += store.claims(value_entity_id=entity_id, prop=property)
    rows.sort(key=lambda c: (c["property"], c["value_text"], c["claim_id"]))
    return {
        "total": len(rows),
        "limit": limit,
        "offset": offset,
        "items": rows[offset : offset + limit],
    }


@router.get("/claims/{claim_id}", response_model=Claim, summary="One claim with its sources")
def claim(store: StoreDep, claim_id: str) -> dict[str, Any]:
    c = queries.claim_by_id(store, claim_id)
    if c is None:
        raise HTTPException(404, f"no claim {claim_id}")
    return c


@router.get("/entities/{entity_id}/timeline", response_model=Timeline, summary="Timeline")
def timeline(store: StoreDep, entity_id: EntityId) -> dict[str, Any]:
    """Size over time, and formation, dissolution, leadership periods, engagements and
    alleged incidents with their dates."""
    _entity_or_404(store, entity_id)
    return queries.timeline(store, entity_id)


@router.get("/entities/{entity_id}/graph", response_model=Graph, summary="Neighbourhood")
def graph(
    store: StoreDep,
    entity_id: EntityId,
    types: Annotated[
        str | None,
        Query(
            description="Comma-separated properties to follow (e.g. supported_by,ally); "
            "empty: the default set (all but conflict); `all`: every property."
        ),
    ] = None,
    year: Annotated[
        int | None, Query(ge=-5000, le=3000, description="The graph as it stood that year.")
    ] = None,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
) -> dict[str, Any]:
    """The entity and its neighbours through entity-valued claims, both directions."""
    _entity_or_404(store, entity_id)
    wanted: list[str] | None
    if not types:
        wanted = None
    elif types == "all":
        wanted = list(queries.relation_counts(store, entity_id))
        wanted = sorted(set(wanted) | set(present.DEFAULT_RELATIONS) | {"conflict"})
    else:
        wanted = [t.strip() for t in types.split(",") if t.strip()]
    return queries.graph(store, entity_id, types=wanted, year=year, depth=depth)


@router.get("/entities/{entity_id}/places", response_model=MapData, summary="Map points")
def entity_places(store: StoreDep, entity_id: EntityId) -> dict[str, Any]:
    """Headquarters, areas of operation, battles and alleged incidents, with coordinates
    from the geocoding table where it exists (`unplaced` lists the rest)."""
    _entity_or_404(store, entity_id)
    return queries.map_points(store, entity_id)


@router.get("/places", response_model=PlacePage, summary="Geocoded places")
def places(store: StoreDep, limit: Limit = 500, offset: Offset = 0) -> dict[str, Any]:
    return queries.all_places(store, limit=limit, offset=offset)


@router.get("/documents", response_model=Page[DocumentSummary], summary="Documents")
def documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.documents(store, limit=limit, offset=offset)


@router.get("/documents/{doc_id}", response_model=Document, summary="One document")
def document(
    store: StoreDep,
    doc_id: str,
    text: Annotated[bool, Query(description="Include the stored text.")] = True,
) -> dict[str, Any]:
    d = queries.document(store, doc_id, with_text=text)
    if d is None:
        raise HTTPException(404, f"no document {doc_id}")
    return d


@router.get("/documents/{doc_id}/sources", response_model=Page[Span], summary="A document's spans")
def document_sources(
    store: StoreDep, doc_id: str, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    """The spans claims were read from, in text order, each with its claims."""
    if queries.document(store, doc_id, with_text=False) is None:
        raise HTTPException(404, f"no document {doc_id}")
    return queries.document_sources(store, doc_id, limit=limit, offset=offset)


@router.get("/sources/{source_id}", response_model=SpanDetail, summary="One source span")
def source(store: StoreDep, source_id: str) -> dict[str, Any]:
    """A span of a document, its quote and every claim read from it."""
    s = queries.source_by_id(store, source_id)
    if s is None:
        raise HTTPException(404, f"no source {source_id}")
    return s
