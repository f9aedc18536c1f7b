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
    e = profile.entity
    head = Text(e["name"], style="bold white")
    head.append(f"  [{e['kind']}]  {e['entity_id']}", style="dim")
    if e.get("aliases"):
        head.append("\naka " + "; ".join(e["aliases"]), style="dim")
    console.print(Panel(head, expand=False))
    for title, rows in profile.sections.items():
        tree = Tree(Text(title, style="bold magenta"))
        for c in rows:
            tree.add(claim_line(c, with_property=True))
            for inner in c.get("incident") or []:
                tree.children[-1].add(claim_line(inner))
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
