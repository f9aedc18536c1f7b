"""Typed values that claims carry.

Precision is part of the value, not a formatting choice: "June 2013" is a month,
and must never be silently widened to 2013-06-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Time:
    """A calendar time at day, month or year precision."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False  # "c. 2014", "circa 2014", "about 2014"
    modifier: str | None = None  # "early", "mid", "late" ("early 2013")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def iso(self) -> str:
        """ISO 8601 written at the value's precision: 2012-11-01, 2013-06, 2023."""
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """The date as an article writes it: `6 June 2016`, `June 2016`, `2016`."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"time": self.iso, "precision": self.precision}
        if self.approximate:
            out["approximate"] = True
        if self.modifier:
            out["modifier"] = self.modifier
        return out

    @classmethod
    def from_iso(cls, iso: str, approximate: bool = False, modifier: str | None = None) -> Time:
        parts = [int(p) for p in iso.split("-")]
        return cls(
            parts[0],
            parts[1] if len(parts) > 1 else None,
            parts[2] if len(parts) > 2 else None,
            approximate=approximate,
            modifier=modifier,
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Time:
        return cls.from_iso(data["time"], data.get("approximate", False), data.get("modifier"))

    def __str__(self) -> str:
        prefix = "c. " if self.approximate else ""
        mod = f"{self.modifier} " if self.modifier else ""
        return f"{prefix}{mod}{self.iso}"


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time; either end may be unknown, and `ongoing` means "– present"."""

    start: Time | None = None
    end: Time | None = None
    ongoing: bool = False

    @property
    def iso(self) -> str:
        left = self.start.iso if self.start else ""
        right = "present" if self.ongoing else (self.end.iso if self.end else "")
        return f"{left}/{right}"

    @property
    def precision(self) -> Precision | None:
        return (self.start or self.end).precision if (self.start or self.end) else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.start:
            out["start"] = self.start.to_json()
        if self.end:
            out["end"] = self.end.to_json()
        if self.ongoing:
            out["ongoing"] = True
        return out

    def __str__(self) -> str:
        left = str(self.start) if self.start else "?"
        right = "present" if self.ongoing else (str(self.end) if self.end else "?")
        return f"{left} – {right}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count of people (or things): exact, approximate, open-ended or a range.

    `amount` is set for a single number; `min`/`max` for ranges and bounds
    ("10,000–20,000" → min and max; "5,000+" or "over 5,000" → min only;
    "up to 2,000" → max only). `when` is the time the number is given for,
    when the text carries one ("50,000 (2023)").
    """

    amount: float | None = None
    min: float | None = None
    max: float | None = None
    approximate: bool = False
    when: Time | Period | None = None

    def to_json(self) -> dict[str, Any]:
        """The value alone (without `when`): the time belongs in qualifiers."""
        if self.amount is not None:
            q: Any = _num(self.amount)
        else:
            q = {k: _num(v) for k, v in (("min", self.min), ("max", self.max)) if v is not None}
        out: dict[str, Any] = {"quantity": q}
        if self.approximate:
            out["approximate"] = True
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quantity:
        q = data["quantity"]
        approx = data.get("approximate", False)
        if isinstance(q, dict):
            return cls(min=q.get("min"), max=q.get("max"), approximate=approx)
        return cls(amount=q, approximate=approx)

    def __str__(self) -> str:
        prefix = "c. " if self.approximate else ""
        if self.amount is not None:
            return f"{prefix}{_fmt(self.amount)}"
        if self.min is not None and self.max is not None:
            return f"{prefix}{_fmt(self.min)}–{_fmt(self.max)}"
        if self.min is not None:
            return f"{prefix}{_fmt(self.min)}+"
        if self.max is not None:
            return f"{prefix}up to {_fmt(self.max)}"
        return "?"


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _fmt(v: float) -> str:
    n = _num(v)
    return f"{n:,}" if isinstance(n, int) else str(n)
