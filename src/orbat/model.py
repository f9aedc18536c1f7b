"""The data model: documents, entities, claims and their sources.

A claim is identified by what it says (subject, property, value, qualifiers),
not by where it was said: the same statement found twice is one claim with two
sources, and two sources that disagree are two claims side by side.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from orbat.names import entity_id, normalize_name
from orbat.values.types import Period, Quantity, Time


class Kind(StrEnum):
    ORGANISATION = "organisation"
    PERSON = "person"
    PLACE = "place"
    BATTLE = "battle"
    INCIDENT = "incident"
    OTHER = "other"


# When one name is seen with several kinds, the more specific kind wins.
KIND_STRENGTH = {
    Kind.OTHER: 0,
    Kind.ORGANISATION: 1,
    Kind.PLACE: 2,
    Kind.PERSON: 2,
    Kind.BATTLE: 3,
    Kind.INCIDENT: 3,
}


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A mention of an entity by name; ids are derived from the normalised name."""

    name: str
    kind: Kind = Kind.OTHER

    @property
    def id(self) -> str:
        return entity_id(self.name)

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.name, "kind": self.kind.value}


Value = EntityRef | Time | Quantity | str
QualifierValue = EntityRef | Time | Quantity | str | bool


def value_type(value: Value | QualifierValue) -> str:
    if isinstance(value, EntityRef):
        return "place" if value.kind == Kind.PLACE else "entity"
    if isinstance(value, Time):
        return "time"
    if isinstance(value, Quantity):
        return "quantity"
    if isinstance(value, bool):
        return "bool"
    return "string"


def value_to_json(value: Value | QualifierValue) -> Any:
    if isinstance(value, EntityRef | Time | Quantity):
        return value.to_json()
    if isinstance(value, bool):
        return value
    return {"string": value}


def value_from_json(data: Any) -> Value | QualifierValue:
    if isinstance(data, bool):
        return data
    if "entity" in data:
        return EntityRef(data["entity"], Kind(data.get("kind", "other")))
    if "time" in data:
        return Time.from_json(data)
    if "quantity" in data:
        return Quantity.from_json(data)
    return data["string"]


def value_text(value: Value | QualifierValue) -> str:
    """The value as a reader sees it."""
    if isinstance(value, EntityRef):
        return value.name
    return str(value)


def _identity(value: Value | QualifierValue) -> Any:
    """What makes two values the same: entity names compare normalised, kinds don't."""
    if isinstance(value, EntityRef):
        return {"entity": normalize_name(value.name)}
    if isinstance(value, str):
        return {"string": value.strip()}
    return value_to_json(value)


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference the document itself gives for a statement (a wiki `<ref>`)."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    work: str | None = None
    date: str | None = None
    access_date: str | None = None
    name: str | None = None
    text: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k)}


@dataclass(frozen=True, slots=True)
class Document:
    """A stored text; content-addressed so that re-ingesting it changes nothing."""

    text: str
    title: str
    origin: str
    format: str = "article"  # "article" (orbat's plain-text format) or "wikitext"
    revision_id: str | None = None
    revision_timestamp: str | None = None

    @property
    def id(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a claim was read: the document, the section and the exact span."""

    doc_id: str
    section: str
    start: int
    end: int
    quote: str
    method: str
    confidence: float = 1.0
    citations: tuple[Citation, ...] = ()

    @property
    def id(self) -> str:
        key = f"{self.doc_id}|{self.start}|{self.end}|{self.method}"
        return "S" + hashlib.sha1(key.encode()).hexdigest()[:15]


@dataclass(frozen=True, slots=True)
class Claim:
    subject: EntityRef
    property: str
    value: Value
    source: Source
    qualifiers: tuple[tuple[str, QualifierValue], ...] = ()

    @property
    def id(self) -> str:
        key = json.dumps(
            [
                self.subject.id,
                self.property,
                _identity(self.value),
                [[k, _identity(v)] for k, v in sorted(self.qualifiers, key=lambda kv: kv[0])],
            ],
            sort_keys=True,
            ensure_ascii=False,
        )
        return "C" + hashlib.sha1(key.encode()).hexdigest()[:15]

    def qualifier(self, name: str) -> QualifierValue | None:
        return next((v for k, v in self.qualifiers if k == name), None)

    def qualifiers_json(self) -> dict[str, Any]:
        return {k: value_to_json(v) for k, v in sorted(self.qualifiers, key=lambda kv: kv[0])}


def qualifiers(**items: QualifierValue | None) -> tuple[tuple[str, QualifierValue], ...]:
    """Build a qualifier tuple, dropping empty ones, in a canonical order."""
    return tuple(sorted((k, v) for k, v in items.items() if v is not None and v != ""))


def period_qualifiers(when: Time | Period | None) -> dict[str, Time]:
    """Spread a time onto `point_in_time` or `start`/`end` qualifiers."""
    if isinstance(when, Time):
        return {"point_in_time": when}
    if isinstance(when, Period):
        if when.start and when.end == when.start:
            return {"point_in_time": when.start}
        if when.start and not when.end and not when.ongoing:
            return {"point_in_time": when.start}
        out: dict[str, Time] = {}
        if when.start:
            out["start"] = when.start
        if when.end:
            out["end"] = when.end
        return out
    return {}


@dataclass(slots=True)
class Entity:
    name: str
    kind: Kind = Kind.OTHER
    aliases: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return entity_id(self.name)


@dataclass(slots=True)
class Extraction:
    """Everything one document yields; a pure function's output, safe to ship between processes."""

    document: Document
    subject: EntityRef
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_fields: list[str] = field(default_factory=list)

    def entity(self, ref: EntityRef) -> EntityRef:
        """Register the entity a claim mentions, keeping the most specific kind seen."""
        ent = self.entities.get(ref.id)
        if ent is None:
            self.entities[ref.id] = Entity(ref.name, ref.kind)
        elif KIND_STRENGTH[ref.kind] > KIND_STRENGTH[ent.kind]:
            ent.kind = ref.kind
        return ref

    def add(self, claim: Claim) -> Claim:
        self.entity(claim.subject)
        for v in [claim.value, *(v for _, v in claim.qualifiers)]:
            if isinstance(v, EntityRef):
                self.entity(v)
        if claim.property == "alias" and isinstance(claim.value, str):
            self.entities[claim.subject.id].aliases.add(claim.value)
        self.claims.append(claim)
        return claim
