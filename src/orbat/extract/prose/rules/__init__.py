"""The rule families, in stages that each see the whole document.

Names and acronyms come first ("NDF" must be known before "the NDF had a
women's wing" can be read), then sub-units, then relations; mentions are
relinked between stages with what the earlier stage found.
"""

from __future__ import annotations

from collections.abc import Callable

from ..document import Sentence
from ..engine import Emitter
from . import (
    commanders,
    incidents,
    lifecycle,
    membership,
    names,
    places,
    relations,
    size,
    subunits,
)

Rule = Callable[[Sentence, Emitter], None]

RELATIONS: tuple[Rule, ...] = (
    lifecycle.run,
    relations.run,
    size.run,
    membership.run,
    commanders.run,
    incidents.run,
    places.run,
)
STAGES: tuple[tuple[Rule, ...], ...] = ((names.run,), (subunits.run,), RELATIONS)
