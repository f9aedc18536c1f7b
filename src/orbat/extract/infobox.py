"""Infobox fields → typed claims.

Fields are routed by their normalised key (`Commander1 Label`, `commander1_label`
are one key) to a handler that knows the value's type. Keys of any infobox of
armed groups land on the shared property vocabulary; keys no handler knows are
kept as raw `infobox:<key>` claims, so nothing is lost, and counted in the report.

Wikitext fields bring more than text: items, the page each wikilink names
(an entity is named by the page a link points to, and the label it shows
becomes an alias of that entity), and the references given for each item,
which travel with the claims read from that item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from orbat.model import Citation, EntityRef, Kind, Source
from orbat.names import normalize_name
from orbat.parse.structure import InfoboxField
from orbat.parse.textmap import MappedText
from orbat.resolve.countries import country_name
from orbat.values import Period, find_quantities, parse_date, parse_period
from orbat.values.types import Time

from .battles import bounds, name_period, parse_tree
from .context import JUNK, Context
from .lists import (
    field_items,
    link_spans,
    merge_remarks,
    split_items,
    split_linked_and,
    strip_parenthetical,
    strip_parentheticals,
    strip_stars,
)
from .people import parse_person, period_bounds
from .places import DIRECTIONS, PlaceItem, parse_places
from .prose.lexicon import ROLE_NOUNS
from .prose.rules.names import initials_match

SECTION = "Infobox"
Handler = Callable[[Context, InfoboxField, dict[str, InfoboxField]], None]


def extract_infobox(ctx: Context) -> None:
    fields = ctx.article.fields
    by_name = {f.name: f for f in fields}
    for f in fields:
        if not f.value.text.strip():
            continue  # an empty label or value says nothing
        handler = route(f.name, ctx.article.infobox_type)
        if handler is not None:
            handler(ctx, f, by_name)


_ROUTES: list[tuple[re.Pattern[str], Handler | None]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for the keys a pattern matches (first match wins)."""

    def register(fn: Handler) -> Handler:
        _ROUTES.append((re.compile(pattern), fn))
        _route_by_name.cache_clear()
        return fn

    return register


def route(name: str, infobox_type: str | None = None) -> Handler | None:
    national = bool(infobox_type and "national military" in infobox_type)
    if national and name in ("active", "active personnel", "ranked"):
        return _size  # in this infobox `active` counts personnel; it is no date
    return _route_by_name(name)


@lru_cache(maxsize=4096)
def _route_by_name(name: str) -> Handler | None:
    """The first rule whose pattern matches the key, or `_raw`.

    Remembered per key: every page repeats the same few dozen keys, and trying
    each of some forty patterns on each of them was a real share of a page's time.
    """
    for pattern, handler in _ROUTES:
        if pattern.fullmatch(name):
            return handler
    return _raw


def _source(ctx: Context, f: InfoboxField, text: MappedText | None = None) -> Source:
    text = f.value if text is None else text
    return ctx.source(text, SECTION, f"infobox:{f.name}", citations=_citations(ctx, f, text))


class _Anchors(NamedTuple):
    """Where a field's items and references lie in the source; the same for all its claims."""

    field: InfoboxField  # kept, so that the id it is remembered by stays its own
    items: list[tuple[int, int]]
    whole: tuple[int, int]
    refs: list[tuple[int, Citation]]  # each reference with the offset it follows


def _anchors(ctx: Context, f: InfoboxField) -> _Anchors:
    """A field's item spans and reference anchors, worked out once rather than per claim."""
    key = ("infobox anchors", id(f))
    hit = ctx.memo.get(key)
    if not isinstance(hit, _Anchors):
        items = [i.source_span() for i in (f.items or [f.value])]
        refs = [(_anchor(f.value, s), c) for s, _, c in f.citations]
        hit = _Anchors(f, items, f.value.source_span(), refs)
        ctx.memo[key] = hit
    return hit


def _citations(ctx: Context, f: InfoboxField, text: MappedText) -> tuple[Citation, ...]:
    """The references given in the item a claim was read from.

    A reference stands right after the text it supports; so a claim gets the
    references anchored in its own item (a `<br>` or `*` line), and a value
    that is one run of text shares its references among all its claims.
    """
    if not f.citations:
        return ()
    lo, hi = text.source_span()
    anchors = _anchors(ctx, f)
    containers = [
        (i_lo, i_hi) for i_lo, i_hi in anchors.items if i_lo < max(hi, lo + 1) and lo < i_hi
    ]
    if not containers:
        containers = [anchors.whole]
    out: list[Citation] = []
    for at, c in anchors.refs:
        if any(c_lo <= at < c_hi for c_lo, c_hi in containers) and c not in out:
            out.append(c)
    return tuple(out)


def _anchor(value: MappedText, pos: int) -> int:
    """The source offset of the last character a reference at `pos` follows."""
    k = min(pos, len(value.text)) - 1
    while k > 0 and value.text[k].isspace():
        k -= 1
    if k < 0:
        return value.source_span(0, 1)[0]
    return value.source_span(k, k + 1)[0]


def _inferred_date(citations: tuple[Citation, ...]) -> Time | None:
    for c in citations:
        if c.date:
            t = parse_date(c.date)
            if t is not None:
                return t
    return None


# ---------------------------------------------------------------- names of entities

_FILLER_WORDS = frozenset(["the", "and", "or", "of", "in", "also", "formerly", "including"])
_LEADING_FILLER = re.compile(r"^(?:(?:and|or|also|the|including)\s+)+", re.I)


def _entity_name(
    ctx: Context,
    f: InfoboxField,
    text: MappedText,
    kind: Kind,
    src: Source,
    extra: frozenset[str] = frozenset(),
) -> str:
    """The name an item gives an entity: its link's page if it has one, else its text.

    The label a link shows (`ISIS` for `[[Islamic State of Iraq and the Levant|ISIS]]`)
    is recorded as an alias of the page it names.
    """
    from orbat.parse.wikitext import find_link

    link = find_link(f, text, extra)
    if link is None or not link.target:
        return _LEADING_FILLER.sub("", text.text.strip()).strip()
    label = link.label.strip()
    if _good_alias(label, link.target, kind):
        ctx.claim(EntityRef(link.target, kind), "alias", label, src)
    return link.target


_DISAMBIGUATED = re.compile(r"^(?P<name>.+?)\s+\([^()]+\)$")
_SMALL_WORDS = frozenset(["the", "of", "in", "and", "for", "on", "a", "an", "al", "el"])


def _good_alias(label: str, target: str, kind: Kind) -> bool:
    """A label that is another name of the page it links to, not a nearby or broader thing.

    Editors link labels to related pages as often as to the same thing
    (`[[Deir ez-Zor|al-Shahil]]`, `[[Iraqi Air Force|Air Force]]`,
    `[[Islamic State in Iraq and the Levant|Islamic State of Iraq]]`), so a
    label becomes an alias only when it is the title without its
    disambiguator, an acronym, the title with a rank or title before it,
    or (for anything but a place) another name that shares a word with the
    title without being a truncation of it.
    """
    key, title = normalize_name(label), normalize_name(target)
    if key == title or not re.search(r"[^\W\d_]", label) or len(label) > 80:
        return False
    m = _DISAMBIGUATED.match(target)
    if m and normalize_name(m.group("name")) == key:
        return True
    words = label.split()
    if len(words) == 1 and sum(c.isupper() for c in label) >= 2 and "-" not in label:
        return _acronym_of(label, target)  # ISIS, TNSM, ETIM; not "McDonald"
    country = country_name(target)
    if country is not None and country_name(label) == country:
        return True  # "Syrian Arab Republic" for Syria
    first_word = next((w for w in words if w[:1].isalpha()), "")
    if kind == Kind.PLACE or not first_word[:1].isupper():
        return False  # "terrorism in Uzbekistan" describes; it does not name
    mine = {w for w in re.findall(r"[^\W_]+", key) if w not in _SMALL_WORDS}
    theirs = {w for w in re.findall(r"[^\W_]+", title) if w not in _SMALL_WORDS}
    if theirs < mine:
        return True  # "Mullah Mohammed Omar" for "Mohammed Omar"
    return bool(mine & theirs) and not mine <= theirs


def _acronym_of(label: str, target: str) -> bool:
    """The label's letters are initials of the title's words, or begin as its words do.

    `ISIS` for "Islamic State of Iraq and the Levant" (a name the group had)
    starts as the title's initials do; `McDonald` for "Free Syrian Army" does not.
    """
    if initials_match(label, target):
        return True
    # looser than initials_match, for link labels only: a label may abbreviate an earlier name
    words = [w for w in re.split(r"[\s\-]+", target) if w[:1].isalnum()]
    initials = "".join(w[0].upper() for w in words if w.lower() not in _SMALL_WORDS)
    letters = "".join(c.upper() for c in label if c.isalpha())
    return len(letters) >= 3 and len(initials) >= 2 and letters[:2] == initials[:2]


# ---------------------------------------------------------------- junk

_ROUTES.append(
    (
        re.compile(
            r"(?:identification symbol|image|logo|caption|flag|insignia|image size|"
            r"imagesize|logo size|flag size|website|module|embed|native name lang|"
            r"symbol|mapframe|seal|badge|ribbon|patch|tartan|decorations?|"
            r"battle honours?|honours?|anniversaries|colours? label|mascot|"
            r"notable commanders label|commander\d* label|leader\d* title|leader title\d*|"
            r"garrison label|type label|.+ (?:label|title)\s?\d*|footnotes|notes|"
            r"native name language|embedded|size image|"
            r"flying hours|patron|nickname label).*"
            # short words are whole words: `alt` is no prefix of `alternative names`
            r"|(?:alt|url|map|label|lang|language|child|float|width|march)(?:[\s\d].*)?"
        ),
        None,
    )
)  # pictures, their sizes and captions, labels of other fields: never facts


# ---------------------------------------------------------------- names

_LANGUAGE_PREFIX = re.compile(
    r"^(?:arabic|persian|farsi|urdu|pashto|dari|kurdish|turkish|hebrew|russian|french|"
    r"spanish|german|chinese|somali|hausa|amharic|tigrinya|tamil|hindi|bengali|"
    r"[a-z]+ language|transliterated|transliteration|romani[sz]ed)\s*:\s*",
    re.I,
)


@rule(
    r"unit name|name|native name|other names?|alternative names?|also known as|aka|nickname|"
    r"abbreviation|acronym"
)
def _alias(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    whole_items = f.name in ("name", "unit name") or (f.name == "native name" and f.items)
    if whole_items:
        pieces = [strip_stars(i) for i in merge_remarks(f.items)] if f.items else [f.value]
    else:
        pieces = field_items(f, ",;")
    subject = normalize_name(ctx.subject.name)
    seen = {subject}
    for piece in pieces:
        for name in _names_in(piece):
            key = normalize_name(name.text)
            if key not in seen:
                seen.add(key)
                ctx.claim(ctx.subject, "alias", name.text, _source(ctx, f, name))


def _names_in(piece: MappedText) -> list[MappedText]:
    """`Islamic Movement of Uzbekistan (IMU)` → both names; `Arabic: X` → X."""
    piece = piece.strip(" ,;:'\"")
    m = _LANGUAGE_PREFIX.match(piece.text)
    if m:
        piece = piece.slice(m.end())
    whole, inner = strip_parenthetical(piece)
    if not whole.text and inner is not None:  # a name given whole in brackets
        piece = inner
    core, notes = strip_parentheticals(piece)
    core = core.strip(" ,;:'\"")
    out = [core] if core.text else []
    for note in notes:
        note = note.strip(" ,;:'\"")
        if note.text and parse_period(note.text) is None and _alias_note(note.text, core.text):
            out.append(note)
    return [n for n in out if n.text and len(n.text) <= 120]


def _alias_note(note: str, name: str) -> bool:
    """A bracketed note is another name only as an acronym of the name or in another script.

    `National Defence Forces (Syria)` disambiguates and `Shabiha (pejorative)`
    remarks; `Islamic Movement of Uzbekistan (IMU)` and `Jaysh (جيش)` name.
    """
    letters = re.findall(r"[^\W\d_]", note)
    if not letters:
        return False
    if any(not ("a" <= c.lower() <= "z") and ord(c) > 0x24F for c in letters):
        return True  # Arabic, Cyrillic, …: the name in its own script
    if not name or len(note) > 12 or " " in note.strip():
        return False
    return sum(c.isupper() for c in letters) >= 2 and initials_match(note, name)


# ---------------------------------------------------------------- time

_SEASON = re.compile(r"\b(?:early|mid|late|spring|summer|autumn|fall|winter)[\s-]+(?=\d{4})", re.I)


def _period(text: str) -> Period | None:
    for candidate in (text, _SEASON.sub("", text)):
        period = parse_period(candidate)
        if period is None:
            period = parse_period(strip_parenthetical(MappedText(candidate))[0].text)
        if period is not None:
            return period
    return None


@rule(
    r"dates?|active|years active|active dates|period|founded|foundation|formation|"
    r"established|inception|years|founded date|date of formation|start date|formed|"
    r"date founded|foundation date|creation|created|origins?"
)
def _dates(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    if ctx.subject.kind == Kind.PERSON:  # a career's years; the person is no group founded
        _raw(ctx, f, _)
        return
    pieces = [(p, _period(p.text)) for p in (merge_remarks(f.items) if f.items else [f.value])]
    dated = [(p, period) for p, period in pieces if period is not None]
    if not dated:
        _raw(ctx, f, _)
        return
    first, first_period = dated[0]
    last, last_period = dated[-1]
    if first_period.start:
        ctx.claim(ctx.subject, "inception", first_period.start, _source(ctx, f, first))
    if last_period.end and not last_period.ongoing:
        ctx.claim(ctx.subject, "dissolved", last_period.end, _source(ctx, f, last))


@rule(r"disbanded|dissolved|dissolution|defunct|dissolved date|disbanded date|end date")
def _dissolved(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    when = parse_date(f.value.text) or parse_date(strip_parenthetical(f.value)[0].text)
    if when is None:
        _raw(ctx, f, _)
        return
    ctx.claim(ctx.subject, "dissolved", when, _source(ctx, f))


# ---------------------------------------------------------------- kinds and roles


def _strings(prop: str, keep_remarks: bool = False) -> Handler:
    def handle(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
        for item in field_items(f):
            core, note = strip_parenthetical(item)
            if keep_remarks and note is not None and parse_period(note.text) is None:
                core = item  # "Infantry (militia)" is a militia as much as infantry
            text = core.text.strip(" .")
            if text:
                ctx.claim(ctx.subject, prop, text, _source(ctx, f, item))

    return handle


rule(r"type|unit type|organisation type|organization type|group type")(
    _strings("instance_of", keep_remarks=True)
)
rule(r"role|roles|function|specialization|specialisation")(_strings("role", keep_remarks=True))
rule(r"ideology|ideologies|political position|position")(_strings("ideology"))
# Who its members are: "religious, ethnic or social make-up" (the shared vocabulary).
rule(r"religion|religions|ethnicity|ethnic groups?|membership|recruitment")(_strings("membership"))
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
            name, notes = strip_parentheticals(item)
            name = name.strip(" .:,;")
            if not name.text or not re.search(r"[^\W\d_]", name.text):
                continue
            if not (set(re.findall(r"[^\W_]+", name.text.lower())) - _FILLER_WORDS):
                continue  # "and", "the": what is left of a sentence split at commas
            period = None
            remarks = []
            for note in notes:
                parsed = parse_period(note.text)
                if parsed is not None and period is None:
                    period = parsed
                else:
                    remarks.append(note.text)
            src = _source(ctx, f, item)
            entity = _entity_name(ctx, f, name, kind, src)
            if not entity:
                continue
            ctx.claim(
                ctx.subject,
                prop,
                EntityRef(entity, kind),
                src,
                note="; ".join(remarks) or None,
                **(period_bounds(period) if period else {}),
            )

    return handle


rule(r"allegiance|loyalty")(_entities("allegiance"))
rule(
    r"part ?of|parent|parent unit|parent organi[sz]ation|branch|affiliation|affiliations|"
    r"command structure|higher command|superior"
)(_entities("part_of", Kind.ORGANISATION))
rule(r"allies|ally|allied groups|partners|allied forces")(_entities("ally"))
rule(r"opponents?|enemies|adversaries|opposition")(_entities("opponent"))
rule(r"predecessors?|previous|preceded by|merger of|formed from|split from|formerly|origins? as")(
    _entities("formed_from", Kind.ORGANISATION)
)
rule(r"successors?|next|succeeded by|merged into")(_entities("succeeded_by", Kind.ORGANISATION))
rule(r"country|countries|nation")(_entities("country", Kind.PLACE))
rule(r"founders?|founded by|creator")(_entities("founded_by"))
rule(r"funding|funded by|financial support|financiers?|financed by")(_entities("funded_by"))
rule(r"sponsors?|state sponsors?|supported by|support|supporters|backers|backed by")(
    _entities("supported_by")
)
# The groups a coalition or an armed force is made of (`clans`/`groups` of a war faction).
rule(
    r"clans|groups|branches|subunits|sub units|subordinate units|units|components|"
    r"member groups|constituent groups|factions|subgroups|divisions|brigades|battalions"
)(_entities("has_subunit", Kind.ORGANISATION))


# ---------------------------------------------------------------- size

_REMARK = re.compile(r"\(([^()]*)\)")


@rule(
    r"size|strength|members|membership size|fighters|active personnel|personnel|"
    r"number of members|manpower|troops|active force"
)
def _size(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    pieces = merge_remarks(f.items) if f.items else [f.value]
    found = False
    for piece in pieces:
        quantities = find_quantities(piece.text)
        # "60,000 (including 20,000 reserve)": a count in brackets is part of the one before it
        main = [q for q in quantities if not _in_brackets(piece.text, q[1])] or quantities[:1]
        for i, (qty, s, e) in enumerate(main):
            found = True
            span = piece.slice(s, e)
            src = _source(ctx, f, span)
            nxt = main[i + 1][1] if i + 1 < len(main) else len(piece.text)
            when = qty.when or _remark_time(piece.text[e:nxt])
            quals: dict[str, object] = {}
            remark = _remark_note(piece.text[e:nxt])
            if remark:
                quals["note"] = remark  # "2,000 (Aleppo branch)" is not the whole group
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


def _in_brackets(text: str, pos: int) -> bool:
    return text[:pos].count("(") > text[:pos].count(")")


def _remark_note(rest: str) -> str | None:
    """The bracketed remarks after a number that are not its time: `(Aleppo branch)`."""
    notes = []
    for m in _REMARK.finditer(rest):
        inner = m.group(1).strip()
        if not re.search(r"[^\W\d_]", inner) or find_quantities(inner):
            continue
        bare = re.sub(
            r"\b(?:est\.?|estimated?|in|as of|by|c\.|circa)\s*", "", inner, flags=re.I
        ).strip()
        if bare and (parse_period(bare) or parse_date(bare)):
            continue
        notes.append(inner)
    return "; ".join(notes) or None


def _remark_time(rest: str) -> Time | Period | None:
    """The time in a bracketed remark after a number: `(own claim) (May–June 2013)`."""
    for m in _REMARK.finditer(rest):
        inner = re.sub(
            r"\b(?:est\.?|estimated?|in|as of|by|c\.|circa)\s*", "", m.group(1), flags=re.I
        )
        when = parse_period(inner.strip()) or parse_date(inner.strip())
        if when is not None:
            return when
    return None


# ---------------------------------------------------------------- places


def _place_resolver(f: InfoboxField) -> Callable[[MappedText], str | None]:
    from orbat.parse.wikitext import link_target

    def resolve(text: MappedText) -> str | None:
        return link_target(f, text, DIRECTIONS)

    return resolve


def _read_places(f: InfoboxField, *, hierarchical: bool) -> list[PlaceItem]:
    if getattr(f, "links", None) is None:  # the plain-text format: a flat comma list
        return parse_places(field_items(f))
    items = [strip_stars(i) for i in merge_remarks(f.items)] if f.items else [f.value]
    return parse_places(
        items,
        hierarchical=hierarchical,
        resolve=_place_resolver(f),
        protect=link_spans(f),
    )


def _place_claim(ctx: Context, f: InfoboxField, place: PlaceItem, prop: str) -> None:
    src = _source(ctx, f, place.span)
    name = place.title
    if place.canonical:
        _entity_name(ctx, f, place.name, Kind.PLACE, src, DIRECTIONS)
    period = parse_period(place.note) if place.note else None
    ctx.claim(
        ctx.subject,
        prop,
        EntityRef(name, Kind.PLACE),
        src,
        country=EntityRef(place.country, Kind.PLACE) if place.country else None,
        note=place.note if period is None else None,
        **(period_bounds(period) if period else {}),
    )


@rule(
    r"garrison|headquarters|hq|headquarter|base|bases|main base|seat|garrison location|"
    r"location|headquarters location"
)
def _headquarters(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    for place in _read_places(f, hierarchical=True):
        _place_claim(ctx, f, place, "area_of_operations" if place.is_area else "headquarters")


@rule(
    r"area|areas|area of operations?|areas of operations?|operational area|"
    r"active regions?|area of activity|region|regions|theatre|theater|territory"
)
def _areas(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    for place in _read_places(f, hierarchical=False):
        _place_claim(ctx, f, place, "area_of_operations")


# ---------------------------------------------------------------- engagements


@rule(r"battles?|wars?|conflicts?|engagements|battles and wars|campaigns?|operations")
def _battles(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    protect = link_spans(f)
    items = [
        piece
        for i in field_items(f, ",", keep_stars=True)
        for piece in split_linked_and(i, protect)
        if set(re.findall(r"[^\W_]+", piece.text.lower())) - _FILLER_WORDS
    ]
    tree = parse_tree([_without_status(i) for i in items])
    refs: list[EntityRef] = []
    for eng in tree:
        src = _source(ctx, f, eng.name)
        name = _entity_name(ctx, f, eng.name, Kind.BATTLE, src)
        refs.append(EntityRef(name, Kind.BATTLE))
    for eng, ref in zip(tree, refs, strict=True):
        src = _source(ctx, f, eng.name)
        ctx.claim(ctx.subject, "conflict", ref, src)
        if eng.parent is not None:
            ctx.claim(ref, "part_of", refs[eng.parent], src)
        period = eng.period if ref.name == eng.name.text else name_period(ref.name)
        for prop, when in bounds(period):
            ctx.claim(ref, prop, when, src)  # type: ignore[arg-type]


# Not people._KIA, which marks only death in action (bare "KIA" too): a battle's name loses
# any bracketed status of the subject, wounded or captured as well as killed.
_STATUS_MARK = re.compile(r"\s*(?:\((?:KIA|WIA|POW|executed|k\.i\.a\.?)\)|†)", re.I)


def _without_status(text: MappedText) -> MappedText:
    """`Battle of Shiloh (KIA)`: where the subject fell; the battle's name is without it."""
    m = _STATUS_MARK.search(text.text)
    if m is None:
        return text
    return MappedText.concat([text.slice(0, m.start()), text.slice(m.end())]).strip()


# ---------------------------------------------------------------- people

_LABELLED = re.compile(
    r"(?P<base>commander|leader|leader name|chief|head|commanding officer)"
    r"\s?(?P<n>\d*)|leader\s?(?P<m>\d+)\s?name"
)
# Remarks on what became of a person; they say nothing about the role held.
_STATUS = frozenset(
    [
        "wia",
        "pow",
        "executed",
        "captured",
        "arrested",
        "detained",
        "died",
        "dead",
        "deceased",
        "killed",
        "assassinated",
        "defected",
        "resigned",
        "formerly",
        "former",
        "imprisoned",
        "missing",
        "acting",
        "interim",
    ]
)
_KUNYA = re.compile(r"^(?:Abu|Abou|Abo|Umm|Um|Ibn)\s+\S+(?:\s+\S+)?$")
_ROLE_FROM_KEY = (
    "founding leader",
    "founding leaders",
    "military leader",
    "military leaders",
    "political leader",
    "political leaders",
    "deputy leader",
    "deputy leaders",
    "deputy commander",
    "deputy commanders",
    "current commander",
    "commander in chief",
    "emir",
    "amir",
    "spokesperson",
    "spokesman",
    "minister",
    "ceremonial chief",
    "chief of staff",
    "general secretary",
    "secretary general",
)


_ROLE_WORDS = ROLE_NOUNS | {"spokesperson", "secretary", "general", "officer", "director"}


def _names_role(remark: str) -> bool:
    """`(military commander)` names a role; `(until his death)`, `(Aleppo branch)` do not."""
    words = re.findall(r"[^\W\d_]+", remark.lower())
    return any(w in _ROLE_WORDS or w.rstrip("s") in _ROLE_WORDS for w in words)


@rule(
    r"(?:commander|leader|leader name|chief|head|commanding officer)\s?\d*|leaders|"
    r"commanders|notable commanders|current commander|commander in chief|"
    r"commander of the forces|emir|amir|spokesperson|spokesman|founder leader|"
    r"minister|ceremonial chief|chief of staff|general secretary|secretary general|"
    r"general commander|supreme leader|president|leader\s?\d+\s?name|founding leaders?|"
    r"military leaders?|political leaders?|deputy leaders?|deputy commanders?"
)
def _commanders(ctx: Context, f: InfoboxField, fields: dict[str, InfoboxField]) -> None:
    role = _label_for(f.name, fields)
    if role is None and f.name in _ROLE_FROM_KEY:
        role = f.key.strip().replace("_", " ")
    for item in field_items(f):
        person = parse_person(item)
        if person is None:
            continue
        item_role = role
        note = person.note
        if (
            note
            and role is None
            and not re.search(r"\d", note)
            and ";" not in note
            and note.lower() not in _STATUS
            and not _KUNYA.match(note)
            and _names_role(note)
        ):
            item_role, note = note, None
        src = _source(ctx, f, item)
        name = _entity_name(ctx, f, person.name, Kind.PERSON, src)
        if note and _KUNYA.match(note):  # "Osama Juneidi (Abu Sayeh)": another name of his
            ctx.claim(EntityRef(name, Kind.PERSON), "alias", note, src)
            note = None
        ctx.claim(
            ctx.subject,
            "commander",
            EntityRef(name, Kind.PERSON),
            src,
            role=item_role,
            rank=person.rank,
            note=note,
            killed_in_action="yes" if person.killed_in_action else None,
            **period_bounds(person.period),
        )


@rule(r"commands|commands held|units commanded|commanded")
def _commands(ctx: Context, f: InfoboxField, _: dict[str, InfoboxField]) -> None:
    """A military person's `commands`: the subject commanded each unit (a claim about the unit)."""
    if ctx.subject.kind != Kind.PERSON:  # a unit's `commands` are not units it led
        _raw(ctx, f, _)
        return
    person = EntityRef(ctx.subject.name, Kind.PERSON)
    for item in field_items(f):
        name, notes = strip_parentheticals(item)
        name = name.strip(" .:,;")
        if not re.search(r"[^\W\d_]", name.text):
            continue
        period = next((p for p in (parse_period(n.text) for n in notes) if p is not None), None)
        remarks = "; ".join(n.text for n in notes if parse_period(n.text) is None) or None
        src = _source(ctx, f, item)
        unit = _entity_name(ctx, f, name, Kind.ORGANISATION, src)
        ctx.claim(
            EntityRef(unit, Kind.ORGANISATION),
            "commander",
            person,
            src,
            note=remarks,
            **period_bounds(period),
        )


def _label_for(name: str, fields: dict[str, InfoboxField]) -> str | None:
    """The role a `… label`/`… title` field gives the people of field `name`."""
    candidates = [f"{name} label", f"{name} title", f"{name}label", f"{name}title"]
    m = _LABELLED.fullmatch(name)
    if m and m.group("m"):
        candidates += [f"leader{m.group('m')} title", f"leader {m.group('m')} title"]
    elif m:
        base, n = m.group("base"), m.group("n")
        candidates += [f"{base}{n} label", f"{base} {n} label", f"{base}{n} title"]
        candidates += [f"{base} {n} title"]
        if base == "leader name":
            candidates += [f"leader title{n}", f"leader title {n}"]
    for key in candidates:
        label = fields.get(" ".join(key.split()))
        if label is not None and label.value.text.strip():
            text = " ".join(i.text for i in label.items) if label.items else label.value.text
            text = strip_parenthetical(MappedText(" ".join(text.split())))[0].text
            return text.strip(" :") or None
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
