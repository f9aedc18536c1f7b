"""Infobox fields → typed claims.

Fields are routed by their normalised key (`Commander1 Label`, `commander1_label`
are one key) to a handler that knows the value's type. Keys of any infobox of
armed groups land on the shared property vocabulary; keys no handler knows are
kept as raw `infobox:<key>` claims, so nothing is lost, and counted in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from orbat.model import Citation, EntityRef, Kind, Source
from orbat.names import normalize_name
from orbat.parse.structure import InfoboxField
from orbat.parse.textmap import MappedText
from orbat.values import Period, find_quantities, parse_date, parse_period
from orbat.values.types import Time

from .battles import bounds, parse_tree
from .context import JUNK, Context
from .lists import field_items, split_items, strip_parenthetical
from .people import parse_person, period_bounds
from .places import parse_places

SECTION = "Infobox"
Handler = Callable[[Context, InfoboxField, dict[str, InfoboxField]], None]


def extract_infobox(ctx: Context) -> None:
    fields = ctx.article.fields
    by_name = {f.name: f for f in fields}
    for f in fields:
        if not f.value.text.strip():
            continue  # an empty label or value says nothing
        handler = route(f.name)
        if handler is not None:
            handler(ctx, f, by_name)


_ROUTES: list[tuple[re.Pattern[str], Handler | None]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for the keys a pattern matches (first match wins)."""

    def register(fn: Handler) -> Handler:
        _ROUTES.append((re.compile(pattern), fn))
        return fn

    return register


def route(name: str) -> Handler | None:
    for pattern, handler in _ROUTES:
        if pattern.fullmatch(name):
            return handler
    return _raw


def _source(ctx: Context, f: InfoboxField, text: MappedText | None = None) -> Source:
    text = f.value if text is None else text
    return ctx.source(text, SECTION, f"infobox:{f.name}", citations=_citations(f, text))


def _citations(f: InfoboxField, text: MappedText) -> tuple[Citation, ...]:
    """The references standing in or right after the piece of the value a claim uses."""
    if not f.citations:
        return ()
    lo, hi = text.source_span()
    v_lo, v_hi = f.value.source_span()
    if (lo, hi) == (v_lo, v_hi):
        return tuple(c for _, _, c in f.citations)
    out = []
    for s, e, c in f.citations:
        ref_lo = f.value.source_span(s, max(s + 1, e))[0]
        if lo <= ref_lo <= hi + 400 and not _ref_belongs_elsewhere(f, text, ref_lo):
            out.append(c)
    return tuple(out)


def _ref_belongs_elsewhere(f: InfoboxField, text: MappedText, ref_lo: int) -> bool:
    """A ref after the next item belongs to that item, not to this one."""
    hi = text.source_span()[1]
    for item in f.items:
        i_lo, _ = item.source_span()
        if hi < i_lo <= ref_lo:
            return True
    return False


def _inferred_date(citations: tuple[Citation, ...]) -> Time | None:
    for c in citations:
        if c.date:
            t = parse_date(c.date)
            if t is not None:
                return t
    return None


# ---------------------------------------------------------------- junk

_ROUTES.append(
    (
        re.compile(
            r"(?:identification symbol|image|logo|caption|flag|insignia|alt|image size|"
            r"imagesize|logo size|flag size|website|url|module|embed|native name lang|"
            r"label|symbol|mapframe|map|seal|badge|ribbon|patch|tartan|decorations?|"
            r"battle honours?|honours?|anniversaries|colours? label|mascot|march|"
            r"notable commanders label|commander\d* label|leader\d* title|leader title\d*|"
            r"garrison label|type label).*"
        ),
        None,
    )
)  # pictures, their sizes and captions, labels of other fields: never facts


# ---------------------------------------------------------------- names


@rule(r"unit name|name|native name|other names?|also known as|aka|nickname|abbreviation|acronym")
def _alias(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    for item in field_items(f, ",;") if f.name != "name" else [f.value]:
        if normalize_name(item.text) != normalize_name(ctx.subject.name):
            ctx.claim(ctx.subject, "alias", item.text, _source(ctx, f, item))


# ---------------------------------------------------------------- time


@rule(
    r"dates?|active|years active|active dates|period|founded|foundation|formation|"
    r"established|inception|years|founded date|date of formation"
)
def _dates(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    period = parse_period(f.value.text) or parse_period(strip_parenthetical(f.value)[0].text)
    if period is None:
        _raw(ctx, f, _)
        return
    src = _source(ctx, f)
    if period.start:
        ctx.claim(ctx.subject, "inception", period.start, src)
    if period.end and not period.ongoing:
        ctx.claim(ctx.subject, "dissolved", period.end, src)


@rule(r"disbanded|dissolved|dissolution|defunct|dissolved date|disbanded date")
def _dissolved(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    when = parse_date(f.value.text) or parse_date(strip_parenthetical(f.value)[0].text)
    if when is None:
        _raw(ctx, f, _)
        return
    ctx.claim(ctx.subject, "dissolved", when, _source(ctx, f))


# ---------------------------------------------------------------- kinds and roles


def _strings(prop: str) -> Handler:
    def handle(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
        for item in field_items(f):
            text = strip_parenthetical(item)[0].text.strip(" .")
            if text:
                ctx.claim(ctx.subject, prop, text, _source(ctx, f, item))

    return handle


rule(r"type|unit type|organisation type|organization type|group type")(_strings("instance_of"))
rule(r"role|roles|function|specialization|specialisation")(_strings("role"))
rule(r"ideology|ideologies|political position|religion")(_strings("ideology"))
rule(r"motto|slogan|colou?rs?|anthem")(_strings("motto"))


@rule(r"equipment|equipments|weapons|arms")
def _equipment(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    for item in field_items(f):
        m = re.match(r"^(?:see(?: also)?\s*:?\s+)", item.text, re.I)
        text = item.slice(m.end()) if m else item
        ctx.claim(ctx.subject, "equipment", text.text, _source(ctx, f, item))


# ---------------------------------------------------------------- relations


def _entities(prop: str, kind: Kind = Kind.OTHER) -> Handler:
    def handle(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
        for item in field_items(f):
            name, note = strip_parenthetical(item)
            name = name.strip(" .:")
            period = parse_period(note.text) if note is not None else None
            if not name.text or not re.search(r"[^\W\d_]", name.text):
                continue
            quals = period_bounds(period) if period else {}
            ctx.claim(
                ctx.subject,
                prop,
                EntityRef(name.text, kind),
                _source(ctx, f, item),
                note=note.text if note is not None and period is None else None,
                **quals,
            )

    return handle


rule(r"allegiance|loyalty")(_entities("allegiance"))
rule(r"part ?of|parent|parent unit|parent organi[sz]ation|branch|affiliation|affiliations")(
    _entities("part_of", Kind.ORGANISATION)
)
rule(r"allies|ally|allied groups|partners")(_entities("ally"))
rule(r"opponents?|enemies|adversaries|opposition")(_entities("opponent"))
rule(r"predecessors?|previous|preceded by|merger of|formed from")(
    _entities("formed_from", Kind.ORGANISATION)
)
rule(r"successors?|next|succeeded by|merged into")(_entities("succeeded_by", Kind.ORGANISATION))
rule(r"country|countries|nation")(_entities("country", Kind.PLACE))
rule(r"founders?|founded by|creator")(_entities("founded_by"))
rule(r"funding|funded by|financial support|sponsors?|state sponsors?|supported by|support")(
    _entities("supported_by")
)


# ---------------------------------------------------------------- size


@rule(
    r"size|strength|members|membership size|fighters|active personnel|personnel|"
    r"number of members|manpower|troops"
)
def _size(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    pieces = f.items or [f.value]
    found = False
    for piece in pieces:
        for qty, s, e in find_quantities(piece.text):
            found = True
            span = piece.slice(s, e)
            src = _source(ctx, f, span)
            when = qty.when
            quals: dict[str, object] = {}
            if isinstance(when, Time):
                quals["point_in_time"] = when
            elif isinstance(when, Period):
                if when.start and when.end and when.start != when.end:
                    quals.update(start=when.start, end=when.end)
                elif when.start:
                    quals["point_in_time"] = when.start
            else:
                inferred = _inferred_date(src.citations)
                if inferred is not None:
                    quals["as_of_source_date"] = inferred
                    quals["inferred"] = "as_of_source_date"
            ctx.claim(ctx.subject, "size", replace(qty, when=None), src, **quals)  # type: ignore[arg-type]
    if not found:
        _raw(ctx, f, _)


# ---------------------------------------------------------------- places


@rule(
    r"garrison|headquarters|hq|headquarter|base|bases|main base|seat|garrison location|"
    r"location|headquarters location"
)
def _headquarters(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    for place in parse_places(field_items(f)):
        prop = "area_of_operations" if place.is_area else "headquarters"
        ctx.claim(
            ctx.subject,
            prop,
            EntityRef(place.name.text, Kind.PLACE),
            _source(ctx, f, place.span),
            country=EntityRef(place.country, Kind.PLACE) if place.country else None,
            note=place.note,
        )


@rule(
    r"area|areas|area of operations?|areas of operations?|operational area|"
    r"active regions?|area of activity|region|regions|theatre|theater|territory"
)
def _areas(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    for place in parse_places(field_items(f)):
        ctx.claim(
            ctx.subject,
            "area_of_operations",
            EntityRef(place.name.text, Kind.PLACE),
            _source(ctx, f, place.span),
            country=EntityRef(place.country, Kind.PLACE) if place.country else None,
            note=place.note,
        )


# ---------------------------------------------------------------- engagements


@rule(r"battles?|wars?|conflicts?|engagements|battles and wars|campaigns?|operations")
def _battles(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    tree = parse_tree(field_items(f, ","))
    refs = [EntityRef(e.name.text, Kind.BATTLE) for e in tree]
    for eng, ref in zip(tree, refs, strict=True):
        src = _source(ctx, f, eng.name)
        ctx.claim(ctx.subject, "conflict", ref, src)
        if eng.parent is not None:
            ctx.claim(ref, "part_of", refs[eng.parent], src)
        for prop, when in bounds(eng.period):
            ctx.claim(ref, prop, when, src)  # type: ignore[arg-type]


# ---------------------------------------------------------------- people

_LABELLED = re.compile(
    r"(?P<base>commander|leader|leader name|chief|head|commanding officer)"
    r"\s?(?P<n>\d*)"
)


@rule(
    r"(?:commander|leader|leader name|chief|head|commanding officer)\s?\d*|leaders|"
    r"commanders|notable commanders|current commander|commander in chief|"
    r"commander of the forces|emir|amir|spokesperson|spokesman|founder leader"
)
def _commanders(ctx: Context, f: InfoboxField, fields: dict[str, InfoboxField]) -> None:
    role = _label_for(f.name, fields)
    if role is None and f.name in (
        "current commander",
        "commander in chief",
        "emir",
        "amir",
        "spokesperson",
        "spokesman",
    ):
        role = f.key.strip()
    for item in field_items(f):
        person = parse_person(item)
        if person is None:
            continue
        item_role = role
        note = person.note
        if note and role is None and not re.search(r"\d", note):
            item_role, note = note, None
        ctx.claim(
            ctx.subject,
            "commander",
            EntityRef(person.name.text, Kind.PERSON),
            _source(ctx, f, item),
            role=item_role,
            rank=person.rank,
            note=note,
            killed_in_action="yes" if person.killed_in_action else None,
            **period_bounds(person.period),
        )


def _label_for(name: str, fields: dict[str, InfoboxField]) -> str | None:
    m = _LABELLED.fullmatch(name)
    if not m:
        return None
    base, n = m.group("base"), m.group("n")
    candidates = [f"{base}{n} label", f"{base} {n} label", f"{base}{n} title", f"{base} {n} title"]
    if base == "leader name":
        candidates += [f"leader title{n}", f"leader title {n}"]
    for key in candidates:
        label = fields.get(" ".join(key.split()))
        if label is not None and label.value.text.strip():
            return strip_parenthetical(label.value)[0].text.strip(" :") or None
    return None


# ---------------------------------------------------------------- everything else


def _raw(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    """A field no rule reads is kept verbatim, so a later version can read it."""
    text = f.value.text.strip()
    if not text or JUNK.match(text):
        return
    if f.name not in ctx.extraction.unknown_fields:
        ctx.extraction.unknown_fields.append(f.name)
    for item in split_items(f.value, "\n") or [f.value]:
        ctx.claim(ctx.subject, f"infobox:{f.name}", item.text, _source(ctx, f, item))
