"""Rich rendering of profiles and claims for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from orbat.query.profile import Profile

_QUAL_ORDER = (
    "rank",
    "role",
    "point_in_time",
    "start",
    "end",
    "as_of_source_date",
    "note",
    "location",
    "country",
    "hedged",
    "killed_in_action",
)


def qualifier_text(quals: dict[str, Any]) -> str:
    parts = []
    for key in sorted(quals, key=lambda k: (_QUAL_ORDER.index(k) if k in _QUAL_ORDER else 99, k)):
        v = quals[key]
        if key == "inferred":
            continue
        shown = v.get("time") or v.get("string") or v.get("entity") if isinstance(v, dict) else v
        if key == "as_of_source_date":
            parts.append(f"source dated {shown}")
        elif key == "point_in_time":
            parts.append(f"{shown}")
        else:
            parts.append(f"{key.replace('_', ' ')}: {shown}")
    return ", ".join(str(p) for p in parts)


def claim_line(c: dict[str, Any], *, with_property: bool = True, explain: bool = False) -> Text:
    t = Text()
    if with_property:
        t.append(f"{c['property']}: ", style="bold")
    t.append(c["value_text"], style="cyan")
    quals = qualifier_text(c["qualifiers"])
    if quals:
        t.append(f"  ({quals})", style="yellow")
    for s in c["sources"]:
        t.append("\n    ↳ ", style="dim")
        t.append(f"{s['doc_title']}", style="green")
        if s.get("doc_revision"):
            t.append(f" rev {s['doc_revision']}", style="dim")
        t.append(f" › {s['section']} [{s['span_start']}:{s['span_end']}] ", style="dim")
        t.append(f"“{_short(s['quote'])}”", style="italic")
        if explain:
            t.append(f"  rule={s['method']} confidence={s['confidence']:.2f}", style="magenta")
        for cit in s.get("citations") or []:
            t.append("\n       cites: ", style="dim")
            t.append(_citation(cit), style="blue")
    return t


def _citation(cit: dict[str, Any]) -> str:
    bits = [
        cit.get("title"),
        cit.get("work") or cit.get("publisher"),
        cit.get("date"),
        cit.get("url"),
    ]
    out = " — ".join(str(b) for b in bits if b)
    if cit.get("access_date"):
        out += f" (accessed {cit['access_date']})"
    return out or (cit.get("text") or "")[:120]


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_profile(console: Console, profile: Profile) -> None:
    """The profile, each property's claims grouped by the time they hold for.

    Where sources disagree the group is marked and every variant shows its own
    sources; nothing is chosen for the reader.
    """
    e = profile.entity
    head = Text(e["name"], style="bold white")
    head.append(f"  [{e['kind']}]  {e['entity_id']}", style="dim")
    if e.get("aliases"):
        head.append("\naka " + "; ".join(e["aliases"]), style="dim")
    place = e.get("place")
    if place:
        head.append("\n" + _place_text(place), style="dim")
    for m in e.get("members") or []:
        head.append(f"\nmerged: {m['name']} ({m['origin']})", style="dim")
    console.print(Panel(head, expand=False))
    by_id = {c["claim_id"]: c for rows in profile.sections.values() for c in rows}
    for title, rows in profile.sections.items():
        tree = Tree(Text(title, style="bold magenta"))
        props: list[str] = []
        for c in rows:
            if c["property"] not in props:
                props.append(c["property"])
        for prop in props:
            _add_property(tree, prop, [c for c in rows if c["property"] == prop], profile, by_id)
        console.print(tree)
    if profile.conflicts:
        tree = Tree(Text("Disagreements between sources", style="bold red"))
        for k in profile.conflicts:
            branch = tree.add(Text(f"⚠ {k['summary']}", style="red"))
            for c in k["variants"]:
                branch.add(claim_line(c, with_property=False))
        console.print(tree)
    if profile.engagements:
        tree = Tree(Text("Engagements", style="bold magenta"))
        _add_nodes(tree, profile.engagements)
        console.print(tree)
    if profile.mentioned_by:
        tree = Tree(Text("Mentioned by", style="bold magenta"))
        for c in profile.mentioned_by[:30]:
            tree.add(Text(f"{c['subject_name']} —{c['property']}→ {c['value_text']}"))
        console.print(tree)


def _place_text(place: dict[str, Any]) -> str:
    if place.get("status") != "resolved":
        return f"place: not found in the gazetteer ({place.get('reason')})"
    if place.get("latitude") is None:
        return f"place: {place.get('matched_name')} ({place.get('feature')})"
    gid = f", GeoNames {place['geonameid']}" if place.get("geonameid") else ""
    return (
        f"place: {place['latitude']:.4f}, {place['longitude']:.4f} "
        f"({place.get('matched_name')}, {place.get('feature')}, {place.get('source')}{gid})"
    )


def _add_property(
    tree: Tree,
    prop: str,
    rows: list[dict[str, Any]],
    profile: Profile,
    by_id: dict[str, dict[str, Any]],
) -> None:
    """One property: its claims grouped by time, each group with every variant."""
    groups = profile.groups.get(prop) or [
        {"when": "", "variants": [c["claim_id"] for c in rows], "conflicts": []}
    ]
    wanted = {c["claim_id"] for c in rows}
    shown = [g for g in groups if any(v in wanted for v in g["variants"])]
    single = len(shown) == 1 and len(shown[0]["variants"]) == 1 and not shown[0]["conflicts"]
    if single:
        c = by_id[shown[0]["variants"][0]]
        node = tree.add(claim_line(c, with_property=True))
        for inner in c.get("incident") or []:
            node.add(claim_line(inner))
        return
    label = Text(f"{prop}", style="bold")
    if any(g["conflicts"] for g in shown):
        label.append("  ⚠ sources disagree", style="red")
    branch = tree.add(label)
    for g in shown:
        variants = [by_id[v] for v in g["variants"] if v in by_id]
        parent = branch
        if g["when"] not in ("", "undated") and (len(variants) > 1 or g["conflicts"]):
            title = Text(g["when"], style="yellow")
            if g["conflicts"]:
                title.append("  ⚠ " + ", ".join(g["conflicts"]), style="red")
            parent = branch.add(title)
        for c in variants:
            line = claim_line(c, with_property=False)
            if c.get("conflicts") and parent is branch:
                line.append("  ⚠ " + ", ".join(c["conflicts"]), style="red")
            node = parent.add(line)
            for inner in c.get("incident") or []:
                node.add(claim_line(inner))


def _add_nodes(tree: Tree, nodes: list[dict[str, Any]]) -> None:
    for n in nodes:
        label = Text(n["name"], style="cyan")
        when = " – ".join(x for x in (n.get("start"), n.get("end")) if x)
        if when:
            label.append(f"  ({when})", style="yellow")
        src = n["claim"]["sources"][0] if n["claim"]["sources"] else None
        if src:
            label.append(f"  ↳ {src['doc_title']} › {src['section']}", style="dim")
        branch = tree.add(label)
        _add_nodes(branch, n["children"])


def render_claims(console: Console, claims: list[dict[str, Any]], explain: bool = False) -> None:
    console.print(Group(*(claim_line(c, explain=explain) for c in claims)))


def markup(text: str) -> str:
    return escape(text)
