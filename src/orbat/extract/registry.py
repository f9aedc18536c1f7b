"""Extractor components, run in order over a parsed article (spaCy-style registry).

A component is a function `(Context) -> None` that adds claims. New extractors
(prose rules, site-specific readers) register here instead of editing the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable

from .context import Context

Component = Callable[[Context], None]
_COMPONENTS: dict[str, Component] = {}
_ORDER: list[str] = []


def component(name: str, *, after: str | None = None) -> Callable[[Component], Component]:
    def register(fn: Component) -> Component:
        if name not in _COMPONENTS:
            pos = _ORDER.index(after) + 1 if after in _ORDER else len(_ORDER)
            _ORDER.insert(pos, name)
        _COMPONENTS[name] = fn
        return fn

    return register


def pipeline(names: list[str] | None = None) -> list[tuple[str, Component]]:
    return [(n, _COMPONENTS[n]) for n in (names or _ORDER)]
