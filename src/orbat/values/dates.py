"""Dates and periods as encyclopedic articles and infoboxes write them.

A small regex grammar instead of a general date parser: the forms that occur
are few (`1 November 2012`, `June 2013`, `2015–16`, `April–May 2018`,
`c. 2014`, `2013–present`), a general parser guesses where this one refuses
(`3002`, `4th` and `150px` are not dates), and it is far faster.

Precision is never widened: `June 2013` stays a month.  Only years 1000–2199
are accepted, so counts such as `150` or `3002` are never mistaken for years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orbat.values.types import Period, Time

__all__ = ["find_times", "parse_date", "parse_period"]

_MIN_YEAR = 1000
_MAX_YEAR = 2199

_MONTH_NUMBERS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Full names and the usual abbreviations ("Jun.", "Sept."); the trailing guard
# keeps "Mayor", "Marching" and "Decimal" from reading as months.
_MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may"
    r"|jun(?:e|\.)?|jul(?:y|\.)?|aug(?:ust|\.)?|sep(?:tember|t\.?|\.)?"
    r"|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?![a-z])"
)
_APPROX = r"(?:circa|c\.|ca\.|approx(?:imately|\.)?|about|around|roughly|c(?=\s)|ca(?=\s)|~|≈)"
_DASHES = "-‐‑‒–—―−"
_PRESENT = r"(?:the\s+)?(?:present(?:\s+day)?|now|today|date|ongoing|current)"

# ---------------------------------------------------------------------------
# Whole-string grammar: one "atom" (a date, possibly incomplete) at a time.
# Incomplete atoms (`1`, `June`, `5, 2014`, `16`) only make sense as one side
# of a range, where the other side completes them.

_ATOM_RE = re.compile(
    rf"""
    (?:(?P<approx>{_APPROX})\s*)?
    (?:(?P<mod>early|mid|late)(?:-|\s+))?
    (?:
        (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{_MONTH})
            (?:,?\s*(?P<y1>\d{{4}}))?
      | (?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:(?:,\s*|\s+)(?P<y2>\d{{4}}))?
      | (?P<m3>{_MONTH})(?:,?\s*(?P<y3>\d{{4}}))?
      | (?P<y4>\d{{4}})-(?P<m4>\d{{2}})(?:-(?P<d4>\d{{2}}))?
      | (?P<y5>\d{{4}})
      | (?P<d6>\d{{1,2}}),\s*(?P<y6>\d{{4}})
      | (?P<n>\d{{1,2}})
    )
    """,
    re.I | re.X,
)
_PRESENT_RE = re.compile(_PRESENT, re.I)
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE_SEP_RE = re.compile(
    rf"\s*[{_DASHES}]\s*|\s+(?P<word>to|until|till|through|and)\s+",
    re.I,
)
_GLUED_YEAR_RE = re.compile(r"(?<!\d)(?:1\d{3}|2[01]\d{2})(?=[0-9A-Za-z])")
_OPEN_END_RE = re.compile(rf"(?P<start>.+?)\s*[{_DASHES}]")
_PERIOD_PREFIX_RE = re.compile(
    r"(?P<pre>since|from|beginning(?:\s+in)?|starting(?:\s+in)?|until|till|til|through"
    r"|up\s+to|between)\s+(?P<rest>.+)",
    re.I,
)
_REMARK_RE = re.compile(r"(?P<head>.*?[^\s(])\s*\([^()]*\)")
_START_PREFIXES = frozenset({"since", "from", "beginning", "starting"})

# ---------------------------------------------------------------------------
# Cleaning: infobox values arrive with footnote marks, brackets and entities.

_FOOTNOTE_RE = re.compile(
    r"\[(?:\d{1,3}|[a-z]{1,2}|(?:note|nb|n)\s*\d+|[a-z ]*needed|[a-z ]*\?)\]", re.I
)
_ENTITIES = {
    "&ndash;": "–",
    "&mdash;": "—",
    "&minus;": "−",
    "&nbsp;": " ",
    "&thinsp;": " ",
    "&#8211;": "–",
    "&#8212;": "—",
    "&#160;": " ",
    "&amp;": "&",
}
_STRIP_CHARS = " \t\r\n\"'“”‘’;:,"
_OPENERS = "([{"
_CLOSERS = ")]}"


def _clean(text: str, strip_brackets: bool = True) -> str:
    """Undo what wiki rendering leaves around a value, so the grammar can stay strict."""
    s = text
    if "&" in s:
        for entity, char in _ENTITIES.items():
            if entity in s:
                s = s.replace(entity, char)
    if "[" in s:
        s = _FOOTNOTE_RE.sub("", s)
    s = " ".join(s.split())
    if strip_brackets:
        s = s.strip(_STRIP_CHARS).rstrip(".").rstrip(_STRIP_CHARS)
        # outer brackets go; a trailing "(remark)" stays for the caller to judge
        while s and s[0] in _OPENERS and s[-1] in _CLOSERS and _balanced(s[1:-1]):
            s = s[1:-1].strip(_STRIP_CHARS).rstrip(".").rstrip(_STRIP_CHARS)
        if not _balanced(s):
            s = s.strip("()[]{} ")
    return s


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# ---------------------------------------------------------------------------
# Atoms


@dataclass(slots=True)
class _Part:
    """A date as written, possibly missing pieces that a range partner supplies."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    n: int | None = None  # a bare 1–2 digit number: range-start day or range-end short year
    approximate: bool = False
    modifier: str | None = None
    day_first: bool = False  # "5 March" (a date even without a year) vs "March 5"
    month_cap: bool = False  # "May" vs the verb "may"
    present: bool = False


_PRESENT_PART = _Part(present=True)


def _month(word: str) -> int:
    return _MONTH_NUMBERS[word[:3].lower()]


def _year(text: str | None) -> int | None:
    """The year, or -1 when it is written but out of range (so the atom is rejected)."""
    if text is None:
        return None
    y = int(text)
    return y if _MIN_YEAR <= y <= _MAX_YEAR else -1


def _part(text: str) -> _Part | None:
    m = _ATOM_RE.fullmatch(text)
    if m is None:
        return _PRESENT_PART if _PRESENT_RE.fullmatch(text) else None
    p = _Part()
    approx = m["approx"]
    if approx is not None:
        p.approximate = True
    mod = m["mod"]
    if mod is not None:
        p.modifier = mod.lower()
    if (d := m["d1"]) is not None:
        p.day, p.year, p.day_first = int(d), _year(m["y1"]), True
        word = m["m1"]
    elif (word := m["m2"]) is not None:
        p.day, p.year = int(m["d2"]), _year(m["y2"])
    elif (word := m["m3"]) is not None:
        p.year = _year(m["y3"])
    elif (y := m["y4"]) is not None:
        p.year, p.month = _year(y), int(m["m4"])
        if not 1 <= p.month <= 12:
            return None
        if (d := m["d4"]) is not None:
            p.day = int(d)
        word = None
    elif (y := m["y5"]) is not None:
        p.year, word = _year(y), None
    elif (d := m["d6"]) is not None:
        p.day, p.year, word = int(d), _year(m["y6"]), None
    else:
        if approx is not None or mod is not None:
            return None
        p.n, word = int(m["n"]), None
    if p.year == -1:
        return None
    if word is not None:
        p.month = _month(word)
        p.month_cap = word[0].isupper()
    if p.day is not None and not 1 <= p.day <= 31:
        return None
    return p


def _time(p: _Part, year: int | None = None) -> Time | None:
    """Make a Time from a part, `year` filling in a missing one; None if impossible."""
    y = p.year if p.year is not None else year
    if y is None or p.n is not None or p.present:
        return None
    if p.day is not None:
        if p.month is None:
            return None
        limit = _DAYS_IN_MONTH[p.month - 1]
        if p.month == 2 and y and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            limit = 28
        if p.day > limit:
            return None
    return Time(y, p.month, p.day, approximate=p.approximate, modifier=p.modifier)


def _not_after(a: Time, b: Time) -> bool:
    """Order check at the coarser precision: `June 2014 – 2014` is fine."""
    if a.year != b.year:
        return a.year < b.year
    if a.month is None or b.month is None or a.month != b.month:
        return a.month is None or b.month is None or a.month < b.month
    return a.day is None or b.day is None or a.day <= b.day


def _span(left: _Part, right: _Part, sep: str) -> Period | None:
    """Join two atoms into a period, each completing what the other leaves out.

    `1–5 June 2014` takes month and year from the right; `2015–16` takes the
    century from the left and carries it over (`1998–03` is 2003). A plain
    hyphen before a month-like number only reads as a short span
    (`2011-12`), so that `2013-06` stays available as an ISO month.
    """
    if right.present:
        start = _time(left)
        return Period(start, None, ongoing=True) if start else None
    if right.year is None:
        if right.n is None or left.year is None or left.n is not None:
            return None
        if left.month is not None or right.approximate or right.modifier:
            return None
        end_year = left.year - left.year % 100 + right.n
        if end_year <= left.year:
            end_year += 100
        limit = 12 if sep == "-" and 1 <= right.n <= 12 else 50
        if end_year - left.year > limit or end_year > _MAX_YEAR:
            return None
        start = _time(left)
        return Period(start, Time(end_year)) if start else None
    if right.month is None and right.day is not None:  # "June 1–5, 2014"
        if left.month is None or left.year is not None or left.n is not None:
            return None
        end = _time(_Part(right.year, left.month, right.day, None, right.approximate))
    else:
        end = _time(right)
    if end is None:
        return None
    if left.n is not None:  # "1–5 June 2014"
        if end.day is None:
            return None
        start = _time(_Part(end.year, end.month, left.n))
    elif left.year is None:
        if left.month is None:
            return None
        year = end.year
        if end.month is not None and left.month > end.month:  # "December–March 2020"
            year -= 1
        start = _time(left, year)
    else:
        start = _time(left)
    if start is None or not _not_after(start, end):
        return None
    return Period(start, end)


def _single(text: str) -> Time | None:
    p = _part(text)
    if p is None or p.year is None:
        return None
    return _time(p)


# ---------------------------------------------------------------------------
# Public whole-string parsers


def parse_date(text: str) -> Time | None:
    """Read one date at the precision it is written; None rather than a guess.

    Decades (`1990s`), ordinals (`4th`), out-of-range numbers (`150`, `3002`)
    and month or day without a year are refused: a caller that needs a year
    from context should use `find_times`, which marks yearless dates.
    """
    s = _clean(text)
    if not s:
        return None
    t = _single(s)
    if t is None and (head := _drop_remark(s)) is not None:
        t = _single(head)
    return t


def parse_period(text: str) -> Period | None:
    """Read a span (`2012–2024`, `April–May 2018`, `2013–present`) or a single time.

    A single date or year gives `Period(start=t, end=None, ongoing=False)`,
    the same as `since t`/`from t`; `until t` gives `Period(end=t)`. An open
    dash (`2013–`) is read as ongoing, as infoboxes use it that way. Also
    repairs `1 November 20128 December 2024`, where rendering dropped the
    dash template between two dates. A trailing remark in brackets
    (`1994–1996 (as Taliban)`) is ignored, and `2011–?` has an unknown end.
    """
    s = _clean(text)
    if not s:
        return None
    period = _period(s)
    if period is None and (head := _drop_remark(s)) is not None:
        period = _period(head)
    return period


def _drop_remark(s: str) -> str | None:
    """The text before a trailing `(remark)`, or None when there is none."""
    m = _REMARK_RE.fullmatch(s) if s[-1] == ")" else None
    return m["head"] if m else None


def _period(s: str) -> Period | None:
    if _ISO_DATE_RE.fullmatch(s):  # its hyphens are not range dashes
        t = _single(s)
        return Period(t) if t else None
    m = _PERIOD_PREFIX_RE.fullmatch(s)
    if m is not None:
        pre = m["pre"].split()[0].lower()
        rest = m["rest"]
        if pre == "between":
            return _split_range(rest, allow_and=True)
        if pre == "from" and (period := _split_range(rest)) is not None:
            return period
        t = _single(rest)
        if t is None:
            return None
        return Period(start=t) if pre in _START_PREFIXES else Period(end=t)
    period = _split_range(s) or _split_glued(s)
    if period is not None:
        return period
    if s[-1] in _DASHES and (m := _OPEN_END_RE.fullmatch(s)) is not None:
        t = _single(m["start"])
        return Period(t, None, ongoing=True) if t else None
    t = _single(s)
    return Period(t) if t else None


def _split_range(s: str, allow_and: bool = False) -> Period | None:
    for m in _RANGE_SEP_RE.finditer(s):
        word = m["word"]
        if word is not None and word.lower() == "and" and not allow_and:
            continue
        left, right = s[: m.start()], s[m.end() :]
        if not left or not right:
            continue
        if right == "?":  # "2011–?": the end is not known
            t = _single(left)
            if t is not None:
                return Period(t)
            continue
        lp = _part(left)
        if lp is None:
            continue
        rp = _part(right)
        if rp is None:
            continue
        period = _span(lp, rp, m.group())
        if period is not None:
            return period
    return None


def _split_glued(s: str) -> Period | None:
    for m in _GLUED_YEAR_RE.finditer(s):
        lp = _part(s[: m.end()])
        rp = _part(s[m.end() :])
        if lp is None or rp is None or lp.year is None:
            continue
        if rp.present or rp.year is not None:
            period = _span(lp, rp, "")
            if period is not None:
                return period
    return None


# ---------------------------------------------------------------------------
# Scanning prose

_DAY_S = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_ORD_S = r"(?:st|nd|rd|th)?"
# Counts written like years ("2000 fighters") are not years.
_COUNT_NOUNS = (
    r"fighters|men|troops|soldiers|members|militants|personnel|combatants|people"
    r"|insurgents|guerrillas|guerillas|rebels|volunteers|militiamen|recruits|followers"
    r"|supporters|persons|strong|armed|active|casualties|killed|dead|wounded"
)
_YEAR_S = (
    r"(?<![\d,.$£€])(?:1\d{3}|2[01]\d{2})"
    rf"(?:(?=\d{{1,2}}\s*{_MONTH})"  # "20128 December 2024": a dropped dash
    r"|(?!\d|(?-i:[a-z])|[.,]\d|(?<=0)['’]s|\s*(?:%|per\s*cent)"
    rf"|[-\s]strong|\s+(?:{_COUNT_NOUNS})\b))"
)
_APPROX_S = r"(?:circa|c\.|ca\.|approx(?:imately|\.)?|around|roughly|~)"
_ATOM_S = (
    rf"(?:{_APPROX_S}\s*)?(?:(?:early|mid|late)(?:-|\s+))?"
    rf"(?:{_DAY_S}{_ORD_S}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR_S})?"
    rf"|{_MONTH}\s+{_DAY_S}{_ORD_S}(?:(?:,\s*|\s+){_YEAR_S})?"
    rf"|{_MONTH}(?:,?\s+{_YEAR_S})?"
    rf"|{_YEAR_S}-\d{{2}}-\d{{2}}(?!\d)"
    rf"|{_YEAR_S})"
)
_SEP_S = rf"\s*(?:[{_DASHES}]|&[nm]dash;)\s*|\s+(?:to|until|till|through|and)\s+"
_GLUE_S = r"(?<=\d)(?=(?-i:[A-Z0-9]))"
_END_S = (
    rf"{_PRESENT}(?![a-z])|{_ATOM_S}|{_DAY_S},\s*{_YEAR_S}"
    r"|\d{2}(?![\d:%]|[.,]\d|\s*%|(?-i:[a-z]))"
)
_SCAN_RE = re.compile(
    rf"""
    (?<![\w.,$£€/\#-])
    (?:(?P<pre>since|from|until|till|through|between|as\s+of|in|on|by|during)\s+)?
    (?:
        (?P<a1>{_DAY_S})(?P<sep1>{_SEP_S})(?P<b1>{_ATOM_S})
      | (?P<a>{_ATOM_S})(?:(?P<sep>{_SEP_S}|{_GLUE_S})(?P<b>{_END_S}))?
    )
    """,
    re.I | re.X,
)
_DASH_DIGIT_RE = re.compile(rf"\s*[{_DASHES}]\s*\d")
_UNTIL_PREFIXES = frozenset({"until", "till", "through"})
_TWO_DIGITS_RE = re.compile(r"\d{2}(?!\d)")
# Searching `_SCAN_RE` is costly on long sentences: its optional prefixes are
# tried at every position.  Every match holds an "anchor", a digit or a month
# name, preceded only by at most four prefix words (`as of`, `c.`, `early-`),
# so the search can start a few words before the first anchor, and stop when
# no anchor is left.  See `_search_start`.
_DIGIT_RE = re.compile(r"\d")
_MONTH_STEMS = tuple(_MONTH_NUMBERS)
# Read backwards from an anchor: whitespace and up to six runs of the
# characters prefix words are made of (letters, `.`, `~`, `-`, `<`, `>`);
# `_QTY_RE`'s prefixes (`an estimated`, `no more than`) need five, ours four.
_PREFIX_BACK_RE = re.compile(r"(?:\s*[A-Za-z.~<>-]+){0,6}\s*")


def _prefix_start(text: str, pos: int, anchor: int) -> int:
    """The earliest start, at or after `pos`, of prefix words ending at `anchor`.

    Only for ASCII text: under `re.I` some non-ASCII letters match ASCII ones
    (`ſ` matches `s`), which the character class above does not allow for.
    """
    back = _PREFIX_BACK_RE.match(text[pos:anchor][::-1])
    return anchor - back.end() if back is not None else pos


def _search_start(text: str, lowered: str | None, pos: int) -> int | None:
    """Where to search `_SCAN_RE` from so as to find its first match at or after `pos`.

    None when `text[pos:]` holds no digit or month name, so no match.
    `lowered` is `text.lower()` for ASCII text; for other text (None) the
    answer is `pos`, as the month and prefix checks do not allow for `re.I`
    matching non-ASCII letters.
    """
    if lowered is None:
        return pos
    digit = _DIGIT_RE.search(text, pos)
    anchor = digit.start() if digit is not None else len(text)
    for stem in _MONTH_STEMS:
        found = lowered.find(stem, pos, anchor)
        if found >= 0:
            anchor = found
    if anchor == len(text):
        return None
    return _prefix_start(text, pos, anchor)


def find_times(text: str) -> list[tuple[Time | Period, int, int]]:
    """Find dates and periods in prose, with `(start, end)` offsets into `text`.

    Matches are non-overlapping, left to right. A month or day without a
    year (`by August`, `on 5 March`) is returned with `year=0`, meaning "year
    to be resolved from context"; a bare month is only taken after a
    preposition and when capitalised, so the verb "may" is not a month.
    The offsets cover a leading `since`/`from`/`until`/`between` (which
    change the value into a Period) but not `in`/`on`/`by`/`as of`.
    """
    out: list[tuple[Time | Period, int, int]] = []
    pos = 0
    size = len(text)
    search = _SCAN_RE.search
    lowered = text.lower() if text.isascii() else None
    while pos < size:
        begin = _search_start(text, lowered, pos)
        if begin is None:
            break
        m = search(text, begin)
        if m is None:
            break
        hit = _interpret(m, text)
        if hit is None:
            pos = m.start() + 1
            continue
        out.append(hit)
        pos = hit[2]
    return out


def _interpret(m: re.Match[str], text: str) -> tuple[Time | Period, int, int] | None:
    pre = m["pre"]
    prekey = pre.split()[0].lower() if pre else None
    value: Time | Period | None = None
    if m["a1"] is not None:
        rp = _part(m["b1"])
        if rp is None:
            return None
        value = _span(_Part(n=int(m["a1"])), rp, m["sep1"])
        if value is None:
            return None
        start, end = m.start("a1"), m.end()
    else:
        lp = _part(m["a"])
        if lp is None:
            return None
        start, end = m.start("a"), m.end("a")
        b = m["b"]
        if b is not None:
            sep = m["sep"]
            if prekey == "between" or sep.strip().lower() != "and":
                rp = _part(b)
                if rp is not None:
                    value = _span(lp, rp, sep)
                    if value is not None:
                        end = m.end("b")
                if (  # "2013-06": an ISO month, not a span of 93 years
                    value is None
                    and sep == "-"
                    and (iso := _TWO_DIGITS_RE.match(b)) is not None
                    and 1 <= (month := int(iso.group())) <= 12
                    and lp.year is not None
                    and lp.month is None
                    and not (lp.approximate or lp.modifier)
                ):
                    value, end = Time(lp.year, month), m.start("b") + 2
        if value is None:
            if lp.year is None:
                if lp.month is None or not lp.month_cap:
                    return None
                if pre is None and not (lp.day_first and lp.day is not None):
                    return None
                value = _time(lp, 0)
            else:
                value = _time(lp)
                # "1000–2000 fighters": a count range, not a year
                if lp.month is None and _DASH_DIGIT_RE.match(text, end):
                    return None
            if value is None:
                return None
    if prekey is not None:
        if isinstance(value, Time):
            if prekey in _START_PREFIXES:
                value, start = Period(start=value), m.start("pre")
            elif prekey in _UNTIL_PREFIXES:
                value, start = Period(end=value), m.start("pre")
        elif prekey in ("from", "between"):
            start = m.start("pre")
    return value, start, end
