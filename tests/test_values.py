"""Table-driven tests for the date, period and quantity grammar.

Each row is a form seen in articles or infoboxes; the negative rows are the
numbers that a looser parser would wrongly read as dates or counts.
"""

from __future__ import annotations

import timeit

import pytest

from orbat.values import (
    Period,
    Quantity,
    Time,
    find_quantities,
    find_times,
    parse_date,
    parse_period,
    parse_quantity,
)

# ---------------------------------------------------------------------------
# parse_date: (text, iso, precision, approximate, modifier)

DATES: list[tuple[str, str, str, bool, str | None]] = [
    ("1 November 2012", "2012-11-01", "day", False, None),
    ("November 1, 2012", "2012-11-01", "day", False, None),
    ("2012-11-01", "2012-11-01", "day", False, None),
    ("1st November 2012", "2012-11-01", "day", False, None),
    ("29 February 2012", "2012-02-29", "day", False, None),
    ("June 2013", "2013-06", "month", False, None),
    ("Jun. 2013", "2013-06", "month", False, None),
    ("Sept. 2014", "2014-09", "month", False, None),
    ("june 2013", "2013-06", "month", False, None),
    ("2013-06", "2013-06", "month", False, None),
    ("2023", "2023", "year", False, None),
    ("c. 2014", "2014", "year", True, None),
    ("circa 2014", "2014", "year", True, None),
    ("ca. 2014", "2014", "year", True, None),
    ("about 2014", "2014", "year", True, None),
    ("~2014", "2014", "year", True, None),
    ("early 2013", "2013", "year", False, "early"),
    ("mid-2014", "2014", "year", False, "mid"),
    ("late 2015", "2015", "year", False, "late"),
    ("early June 2013", "2013-06", "month", False, "early"),
    ("  2013.[1] ", "2013", "year", False, None),
    ("(c. 2014)", "2014", "year", True, None),
    ("[2013]", "2013", "year", False, None),
    ("1&nbsp;November 2012", "2012-11-01", "day", False, None),
    ("1000", "1000", "year", False, None),
    ("2199", "2199", "year", False, None),
]


@pytest.mark.parametrize(("text", "iso", "precision", "approximate", "modifier"), DATES)
def test_parse_date(
    text: str, iso: str, precision: str, approximate: bool, modifier: str | None
) -> None:
    t = parse_date(text)
    assert t is not None
    assert (t.iso, t.precision, t.approximate, t.modifier) == (
        iso,
        precision,
        approximate,
        modifier,
    )


NOT_DATES = [
    "",
    "   ",
    "Syria",
    "150px",
    "4th",
    "3002",
    "150",
    "999",
    "2200",
    "1990s",
    "the 1990s",
    "June",
    "5 March",
    "29 February 2013",
    "31 June 2014",
    "2015-16",
    "2013-13",
    "60,000",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_month_precision_is_never_widened() -> None:
    t = parse_date("June 2013")
    assert t is not None
    assert t.iso == "2013-06"
    assert t.precision == "month"
    assert t.day is None


# ---------------------------------------------------------------------------
# parse_period: (text, start iso or None, end iso or None, ongoing)

PERIODS: list[tuple[str, str | None, str | None, bool]] = [
    ("2012–2024", "2012", "2024", False),
    ("2012-2024", "2012", "2024", False),
    ("2012—2024", "2012", "2024", False),
    ("2012−2024", "2012", "2024", False),
    ("2012 to 2024", "2012", "2024", False),
    ("2012 &ndash; 2024", "2012", "2024", False),
    ("2012 – present", "2012", None, True),
    ("2013–present", "2013", None, True),
    ("(2023–present)", "2023", None, True),
    ("2013–", "2013", None, True),
    ("2015–16", "2015", "2016", False),
    ("1998–03", "1998", "2003", False),
    ("2011-12", "2011", "2012", False),
    ("(April–May 2018)", "2018-04", "2018-05", False),
    ("July–August 2015", "2015-07", "2015-08", False),
    ("December 2019–March 2020", "2019-12", "2020-03", False),
    ("December–March 2020", "2019-12", "2020-03", False),
    ("1–5 June 2014", "2014-06-01", "2014-06-05", False),
    ("1 June – 5 July 2014", "2014-06-01", "2014-07-05", False),
    ("June 1–5, 2014", "2014-06-01", "2014-06-05", False),
    ("mid-2014 – late 2015", "2014", "2015", False),
    ("since 2013", "2013", None, False),
    ("from 2013", "2013", None, False),
    ("from 2012 to 2014", "2012", "2014", False),
    ("between 2012 and 2014", "2012", "2014", False),
    ("until 2015", None, "2015", False),
    ("c. 2014", "2014", None, False),
    ("early 2013", "2013", None, False),
    ("2023", "2023", None, False),
    ("2012-11-01", "2012-11-01", None, False),
    ("2013-06", "2013-06", None, False),
    ("1 November 20128 December 2024", "2012-11-01", "2024-12-08", False),
    ("November 2012December 2024", "2012-11", "2024-12", False),
    ("November 1, 2012December 8, 2024", "2012-11-01", "2024-12-08", False),
    ("1 November 2012 – 8 December 2024[3]", "2012-11-01", "2024-12-08", False),
    ("19 September 2014 - 9 March 2015", "2014-09-19", "2015-03-09", False),
    ("September 2012 – 25 November 2013", "2012-09", "2013-11-25", False),
    ("1991–Present", "1991", None, True),
    ("1994–1996 (as the Taliban)", "1994", "1996", False),
    ("2011–? (largely defunct)", "2011", None, False),
]


@pytest.mark.parametrize(("text", "start", "end", "ongoing"), PERIODS)
def test_parse_period(text: str, start: str | None, end: str | None, ongoing: bool) -> None:
    p = parse_period(text)
    assert p is not None
    assert (p.start.iso if p.start else None) == start
    assert (p.end.iso if p.end else None) == end
    assert p.ongoing is ongoing


def test_period_keeps_qualifiers_on_each_end() -> None:
    p = parse_period("c. 2012 – late 2015")
    assert p is not None and p.start is not None and p.end is not None
    assert p.start.approximate and p.start.modifier is None
    assert p.end.modifier == "late" and not p.end.approximate


@pytest.mark.parametrize(
    "text", ["", "Syria", "150px", "4th", "3002", "2014–2012", "2012–11", "1990s", "5–6"]
)
def test_parse_period_rejects(text: str) -> None:
    assert parse_period(text) is None


# ---------------------------------------------------------------------------
# find_times: (text, [(matched text, iso of value, kind)])

FIND_TIMES: list[tuple[str, list[tuple[str, str, type]]]] = [
    ("It was founded on 1 November 2012.", [("1 November 2012", "2012-11-01", Time)]),
    ("In December 2012 it split.", [("December 2012", "2012-12", Time)]),
    ("as of June 2013 it held Raqqa", [("June 2013", "2013-06", Time)]),
    ("expected by August", [("August", "0000-08", Time)]),
    ("In January 2024 the group merged", [("January 2024", "2024-01", Time)]),
    ("active since January 2013", [("since January 2013", "2013-01/", Period)]),
    ("in 2015 it took Palmyra", [("2015", "2015", Time)]),
    ("the war (2012–2014) ended", [("2012–2014", "2012/2014", Period)]),
    ("its heyday (2015–16) passed", [("2015–16", "2015/2016", Period)]),
    ("fighting from 2012 to 2014", [("from 2012 to 2014", "2012/2014", Period)]),
    ("until 2015 it was led by", [("until 2015", "/2015", Period)]),
    ("clashes on 1–5 June 2014", [("1–5 June 2014", "2014-06-01/2014-06-05", Period)]),
    ("raids (April–May 2018)", [("April–May 2018", "2018-04/2018-05", Period)]),
    ("since 2013–present", [("2013–present", "2013/present", Period)]),
    (
        "1 November 20128 December 2024",
        [("1 November 20128 December 2024", "2012-11-01/2024-12-08", Period)],
    ),
    (
        "On 5 March, mid-2014, c. 2014",
        [("5 March", "0000-03-05", Time), ("mid-2014", "2014", Time), ("c. 2014", "2014", Time)],
    ),
    (
        "60,000 fighters, 200 tanks, 3002 men, the 4th brigade, 150px",
        [],
    ),
    ("it may attack, in may", []),
    ("the 1990s and 2000 fighters and 1000–2000 men", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_TIMES)
def test_find_times(text: str, expected: list[tuple[str, str, type]]) -> None:
    found = find_times(text)
    assert [(text[s:e], v.iso, type(v)) for v, s, e in found] == expected


def test_find_times_offsets_are_ordered_and_disjoint() -> None:
    text = "Founded in 2012, it fought from 2013 to 2015 and again on 1 June 2016."
    found = find_times(text)
    assert [text[s:e] for _, s, e in found] == ["2012", "from 2013 to 2015", "1 June 2016"]
    ends = [0] + [e for _, _, e in found]
    assert all(s >= prev for (_, s, _), prev in zip(found, ends, strict=False))


# ---------------------------------------------------------------------------
# parse_quantity: (text, amount, min, max, approximate, when iso or None)

QUANTITIES: list[tuple[str, float | None, float | None, float | None, bool, str | None]] = [
    ("50,000", 50_000, None, None, False, None),
    ("50,000 (2023)", 50_000, None, None, False, "2023"),
    ("50,000 (June 2013)", 50_000, None, None, False, "2013-06"),
    ("10,000–20,000", None, 10_000, 20_000, False, None),
    ("10,000-20,000", None, 10_000, 20_000, False, None),
    ("10,000 to 20,000", None, 10_000, 20_000, False, None),
    ("between 10,000 and 20,000", None, 10_000, 20_000, False, None),
    ("c. 5,000+", None, 5_000, None, True, None),
    ("5,000+", None, 5_000, None, False, None),
    ("over 5,000", None, 5_000, None, False, None),
    ("more than 5,000", None, 5_000, None, False, None),
    ("at least 5,000", None, 5_000, None, False, None),
    ("up to 2,000", None, None, 2_000, False, None),
    ("at most 2,000", None, None, 2_000, False, None),
    ("fewer than 2,000", None, None, 2_000, False, None),
    ("~3,000", 3_000, None, None, True, None),
    ("about 3,000", 3_000, None, None, True, None),
    ("1.5 million", 1_500_000, None, None, False, None),
    ("2 million", 2_000_000, None, None, False, None),
    ("1–2 million", None, 1_000_000, 2_000_000, False, None),
    ("20 thousand", 20_000, None, None, False, None),
    ("50k", 50_000, None, None, False, None),
    ("20–30,000", None, 20_000, 30_000, False, None),
    ("100,000–150,000 (2015)", None, 100_000, 150_000, False, "2015"),
    ("7,000 (2014 est.)", 7_000, None, None, True, "2014"),
    ("60,000-strong", 60_000, None, None, False, None),
    ("1,500 fighters", 1_500, None, None, False, None),
    ("1,500 fighters (2014)", 1_500, None, None, False, "2014"),
    ("10 000", 10_000, None, None, False, None),
    ("50,000[1]", 50_000, None, None, False, None),
    ("50,000[1] (2023)[2]", 50_000, None, None, False, "2023"),
    ("50,000 as of 2023", 50_000, None, None, False, "2023"),
    ("2000 fighters", 2_000, None, None, False, None),
    ("12,000 (2015–16)", 12_000, None, None, False, "2015/2016"),
    ("13,000 (in 2013)", 13_000, None, None, False, "2013"),
    ("10,000 (own claim) (Nov 2012)", 10_000, None, None, False, "2012-11"),
    ("60,000 (including 20,000 reserve)", 60_000, None, None, False, None),
    ("1,361,755", 1_361_755, None, None, False, None),
    ("in 2014, 5,000 men", 5_000, None, None, False, None),
]


@pytest.mark.parametrize(("text", "amount", "low", "high", "approximate", "when"), QUANTITIES)
def test_parse_quantity(
    text: str,
    amount: float | None,
    low: float | None,
    high: float | None,
    approximate: bool,
    when: str | None,
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.amount, q.min, q.max, q.approximate) == (amount, low, high, approximate)
    assert (q.when.iso if q.when else None) == when


@pytest.mark.parametrize(
    "text", ["", "Syria", "150px", "4th", "2023", "(2023)", "c. 2014", "2012–2014", "50%"]
)
def test_parse_quantity_rejects(text: str) -> None:
    assert parse_quantity(text) is None


def test_when_keeps_its_own_precision() -> None:
    q = parse_quantity("50,000 (June 2013)")
    assert q is not None and isinstance(q.when, Time)
    assert q.when.precision == "month"


# ---------------------------------------------------------------------------
# find_quantities


def test_find_quantities_infobox_list() -> None:
    text = "100,000 (2015), 50,000 (2023)"
    found = find_quantities(text)
    assert [(q.amount, q.when.iso if q.when else None) for q, _, _ in found] == [
        (100_000, "2015"),
        (50_000, "2023"),
    ]
    assert [text[s:e] for _, s, e in found] == ["100,000 (2015)", "50,000 (2023)"]


def test_find_quantities_skips_dates_and_years() -> None:
    text = "On 1 November 2012, 500 fighters and 2,000 civilians fled; November 1, 2012; in 2014."
    found = find_quantities(text)
    assert [(text[s:e], q.amount) for q, s, e in found] == [("500", 500), ("2,000", 2_000)]


def test_find_quantities_two_counts_joined_by_and() -> None:
    found = find_quantities("1,000 and 2,000 men")
    assert [q for q, _, _ in found] == [Quantity(amount=1_000), Quantity(amount=2_000)]


# ---------------------------------------------------------------------------
# Speed: reported, not asserted (machines differ)


def test_speed_report() -> None:
    calls = [
        (parse_date, "1 November 2012"),
        (parse_period, "December 2019–March 2020"),
        (parse_period, "1 November 20128 December 2024"),
        (parse_quantity, "100,000–150,000 (2015)"),
        (find_times, "In January 2024 the group, founded on 1 November 2012, merged."),
    ]
    for func, arg in calls:
        n = 2_000
        per_call = timeit.timeit(lambda f=func, a=arg: f(a), number=n) / n * 1e6
        print(f"{func.__name__}({arg!r}): {per_call:.1f} µs")
    assert isinstance(parse_period("2012"), Period)
