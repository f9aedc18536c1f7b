"""Extractor components, run in order over a parsed article (spaCy-style registry).

A component is a function `(Context) -> None` that adds claims. New extractors
(prose rules, site-specific readers) register here instead of editing the
pipeline. Order comes from each component's `after=`, resolved when the
pipeline is built, so the order modules happen to be imported in cannot change it.
"""

from __future__ import annotations

from collections.abc import Callable

from .context import Context

Component = Callable[[Context], None]
_COMPONENTS: dict[str, tuple[Component, str | None]] = {}


def component(name: str, *, after: str | None = None) -> Callable[[Component], Component]:
    def register(fn: Component) -> Component:
        _COMPONENTS[name] = (fn, after)
        return fn

    return register


def order() -> list[str]:
    """Component names, each after the one it names (registration order otherwise)."""
    out: list[str] = []
    pending = list(_COMPONENTS)
    while pending:
        progressed = False
        for name in list(pending):
            after = _COMPONENTS[name][1]
            if after is None or after in out or after not in _COMPONENTS:
                out.insert(out.index(after) + 1 if after in out else len(out), name)
                pending.remove(name)
                progressed = True
        if not progressed:
            raise RuntimeError(f"components ordered in a cycle: {pending}")
    return out


def pipeline(names: list[str] | None = None) -> list[tuple[str, Component]]:
    return [(n, _COMPONENTS[n][0]) for n in (names or order())]
