"""What templates say, rendered instead of dropped.

Wikitext converters (DBpedia, WikiExtractor and the rest) drop templates, so
`1 November 2012{{spaced ndash}}present` becomes a bare date and
`{{flag|Iran}}` an empty ally. Here each common template of armed-group
infoboxes renders the text a reader sees, mapped back to the template's span,
or the structure it stands for: a list item, a citation, a flag's country.

Handlers append *tokens* to a list; `orbat.parse.wikitext` assembles tokens
into field values with items, or into paragraphs. The token kinds are plain
tuples because a page yields tens of thousands of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from mwparserfromhell.nodes import Template, Text
from mwparserfromhell.wikicode import Wikicode

from orbat.model import Citation
from orbat.parse.builder import parse
from orbat.parse.textmap import MappedText
from orbat.values import MONTH_NAMES

if TYPE_CHECKING:
    from orbat.parse.wikitext import Renderer

# ---------------------------------------------------------------- tokens

TEXT = 0  # (TEXT, MappedText)
NEWLINE = 1  # (NEWLINE, pos): a line break in the source
BREAK = 2  # (BREAK, lo, hi): an item boundary that markup asks for (<br>, {{-}}, list params)
STAR = 3  # (STAR, pos, char): a `*`/`#` list marker; one token per character
CITE = 4  # (CITE, Citation): a reference for the text before it
FLAG = 5  # (FLAG, country, lo, hi): a flag icon, which reads as its country when alone
LINK = 6  # (LINK, target | None, lo, hi): the text up to LINK_END names `target`
LINK_END = 7
BOLD = 8
BOLD_END = 9
NATIVE = 10  # the rendered text up to NATIVE_END is a name in another language or script
NATIVE_END = 11
HEADING = 12  # (HEADING, level, title)

Token = tuple[Any, ...]
Handler = Callable[["Renderer", "Tpl", list[Token]], None]


class Tpl:
    """A template with the document offset of every parameter value."""

    __slots__ = ("_given", "end", "name", "params", "pos", "raw_name")

    def __init__(self, node: Template, pos: int, size: Callable[[Any], int]) -> None:
        # The node's attributes are read behind their properties, as `Renderer.size` does.
        name = node._name
        self.raw_name = code_text(name)
        self.name = template_name(self.raw_name)
        self.pos = pos
        self.end = pos + size(node)
        # (key, value, value offset, positional); positional keys are "1", "2", …
        self.params: list[tuple[str, Wikicode, int, bool]] = []
        self._given: dict[str, tuple[Wikicode, int]] | None = None  # see `arg`
        p_pos = pos + 2 + size(name)
        append = self.params.append
        for p in node._params:
            p_pos += 1  # the pipe
            key = code_text(p._name).strip()
            shown = p._showkey
            v_pos = p_pos + size(p._name) + 1 if shown else p_pos
            append((key, p._value, v_pos, not shown))
            p_pos += size(p)

    def positional(self) -> list[tuple[Wikicode, int]]:
        return [(v, at) for k, v, at, positional in self.params if positional or k.isdigit()]

    def arg(self, *keys: str) -> tuple[Wikicode, int] | None:
        """The first of `keys` given with a non-blank value.

        The first non-blank value of each key is found in one pass, on the first
        call: a citation asks for some thirty keys, one after another.
        """
        given = self._given
        if given is None:
            given = self._given = {}
            for k, v, at, _ in self.params:
                if k not in given and code_text(v).strip():
                    given[k] = (v, at)
        for key in keys:
            hit = given.get(key)
            if hit is not None:
                return hit
        return None

    def nth(self, n: int) -> tuple[Wikicode, int] | None:
        """The n-th positional parameter (1-based), blank or not."""
        key = str(n)
        for k, v, at, _ in self.params:
            if k == key:
                return v, at
        return None


def parse_code(text: str) -> Wikicode:
    """Parse a string of wikitext: what `mwparserfromhell.parse` does with one.

    `mwparserfromhell.parse` takes anything and works out what it was given
    behind imports inside the function, which cost more than parsing a short
    field value does; a page parses a string per infobox field and reference.
    The tree is mwparserfromhell's, built without its setters (`orbat.parse.builder`).
    """
    return parse(text)


def code_text(code: Wikicode) -> str:
    """`str(code)`; a name or value that is one run of text (most are) is that text.

    `str` of a `Wikicode` joins the strings of its nodes, one method call each.
    The attributes are read behind their properties, as `Renderer.size` does.
    """
    nodes = code._nodes
    if len(nodes) == 1:
        (node,) = nodes  # unpacked, not indexed: `SmartList.__getitem__` is Python
        if type(node) is Text:
            return node._value
    return str(code)


_COMMENT = re.compile(r"<!--.*?-->", re.S)


@lru_cache(maxsize=4096)
def template_name(raw: str) -> str:
    """`Template:Flagicon_image ` and `flagicon image` are one template.

    Remembered: a page names the same few templates hundreds of times.
    """
    name = _COMMENT.sub("", raw)
    name = " ".join(name.replace("_", " ").split()).lower()
    return name.removeprefix("template:").strip()


# ---------------------------------------------------------------- helpers


def _generated(out: list[Token], text: str, t: Tpl) -> None:
    if text:
        out.append((TEXT, MappedText.generated(text, t.pos, t.end)))


def _render_arg(r: Renderer, out: list[Token], arg: tuple[Wikicode, int] | None) -> None:
    if arg is not None:
        r.nodes(arg[0], arg[1], out)


def _plain(r: Renderer, arg: tuple[Wikicode, int] | None) -> str:
    return r.plain(arg[0], arg[1]) if arg is not None else ""


_REGISTRY: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for n in names:
            _REGISTRY[n] = fn
        return fn

    return register


def render_template(r: Renderer, node: Template, pos: int, out: list[Token]) -> None:
    """Render one template; templates nobody knows render nothing (maintenance tags, navboxes)."""
    t = Tpl(node, pos, r.size)
    handler = _REGISTRY.get(t.name)
    if handler is None:
        handler = _by_prefix(t)
    if handler is not None:
        handler(r, t, out)


_CODE = re.compile(r"[A-Z]{3}")


def _by_prefix(t: Tpl) -> Handler | None:
    name = t.name
    if name.startswith(("cite ", "vcite ")) or name in ("cite", "citation"):
        return _cite
    if name.startswith("lang-") or name.startswith("langx"):
        return _lang_first if name.startswith("lang-") else _lang_second
    if name.startswith("formatnum:"):
        return _formatnum
    if name.startswith("#tag:ref"):
        return _tag_ref
    if name.startswith(("ipa", "audio")):
        return None
    if _CODE.fullmatch(t.raw_name.strip()) and country_code(t.raw_name.strip()):
        return _country_code
    return None


# ---------------------------------------------------------------- references


def _cite(r: Renderer, t: Tpl, out: list[Token]) -> None:
    from orbat.parse.references import citation_from_cite

    out.append((CITE, citation_from_cite(r, t)))


def _tag_ref(r: Renderer, t: Tpl, out: list[Token]) -> None:
    from orbat.parse.references import citation_from_content

    content = t.nth(1)
    if content is not None:
        name = _plain(r, t.arg("name")) or None
        out.append((CITE, citation_from_content(r, content[0], name)))


@handles("sfn", "sfnp", "sfnm", "harvnb", "harv", "harvp", "harvtxt", "rp")
def _sfn(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """A short footnote: author and year, and where in the work."""
    parts = [_plain(r, (v, at)) for v, at in t.positional()]
    parts = [p for p in parts if p]
    if not parts:
        return
    year = next((p for p in parts if re.fullmatch(r"\d{4}[a-z]?", p)), None)
    text = " ".join(parts)
    page = _plain(r, t.arg("p", "page", "pp", "pages", "loc"))
    if page:
        text += f", p. {page}"
    out.append((CITE, Citation(text=text, date=year[:4] if year else None)))


@handles("efn", "efn-ua", "efn-lr", "efn-la", "efn-lg", "refn", "notetag", "note", "ref note")
def _efn(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """An explanatory note: its text goes with the claim as a citation, not into the value."""
    text = _plain(r, t.nth(1) or t.arg("1"))
    name = _plain(r, t.arg("name")) or None
    if text or name:
        out.append((CITE, Citation(text=text or None, name=name)))


# ---------------------------------------------------------------- flags and countries


@handles("flagicon", "flag icon", "flagdeco", "flag deco", "flag decoration", "flagdecoration")
def _flagicon(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """An icon only; it names its country when nothing else stands in the item."""
    name = _plain(r, t.nth(1))
    if name:
        out.append((FLAG, name, t.pos, t.end))


@handles(
    "flag",
    "flagcountry",
    "flag country",
    "flagu",
    "flagbig",
    "flag big",
    "flagright",
    "flag right",
    "flagg",
    "flaglink",
    "flag link",
)
def _flag(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """A flag and the country's name, linked to the country."""
    country = _plain(r, t.nth(1))
    if not country:
        return
    shown = _plain(r, t.arg("name")) or country
    out.append((LINK, country, t.pos, t.end))
    _generated(out, shown, t)
    out.append((LINK_END,))


def _country_code(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """`{{SYR}}`, `{{USA}}`: flag-and-name shortcuts named by IOC or ISO codes."""
    name = country_code(t.raw_name.strip())
    if name:
        out.append((LINK, name, t.pos, t.end))
        _generated(out, name, t)
        out.append((LINK_END,))


# IOC codes that Wikipedia's flag shortcuts use where they differ from ISO 3166.
_IOC = {
    "ALG": "Algeria",
    "BUL": "Bulgaria",
    "CHI": "Chile",
    "CRO": "Croatia",
    "DEN": "Denmark",
    "GER": "Germany",
    "GRE": "Greece",
    "INA": "Indonesia",
    "IRI": "Iran",
    "KSA": "Saudi Arabia",
    "KUW": "Kuwait",
    "LIB": "Lebanon",
    "MAS": "Malaysia",
    "NED": "Netherlands",
    "PHI": "Philippines",
    "POR": "Portugal",
    "ROM": "Romania",
    "RSA": "South Africa",
    "SUD": "Sudan",
    "SUI": "Switzerland",
    "UAE": "United Arab Emirates",
    "URS": "Soviet Union",
    "CZE": "Czech Republic",
    "USA": "United States",
    "GBR": "United Kingdom",
    "UK": "United Kingdom",
}


@cache
def _iso3() -> dict[str, str]:
    from orbat.resolve.geonames import countries

    return {c["iso3"]: c["name"] for c in countries().values()}


def country_code(code: str) -> str | None:
    return _IOC.get(code) or _iso3().get(code)


# ---------------------------------------------------------------- people


def _marker(text: str) -> Handler:
    def handle(r: Renderer, t: Tpl, out: list[Token]) -> None:
        _generated(out, text, t)

    return handle


# KIA renders an icon; the text form keeps what it means where people are parsed.
handles("kia", "killed in action")(_marker(" (KIA)"))
handles("wia", "wounded in action")(_marker(" (WIA)"))
handles("pow", "prisoner of war")(_marker(" (POW)"))
handles("executed", "exe")(_marker(" (executed)"))
handles("died in office", "dagger", "†", "double dagger")(_marker(" †"))

# ---------------------------------------------------------------- text wrappers


def _first(r: Renderer, t: Tpl, out: list[Token]) -> None:
    _render_arg(r, out, t.nth(1))


def _second(r: Renderer, t: Tpl, out: list[Token]) -> None:
    _render_arg(r, out, t.nth(2))


def _last(r: Renderer, t: Tpl, out: list[Token]) -> None:
    pos = t.positional()
    if pos:
        _render_arg(r, out, pos[-1])


handles(
    "nowrap",
    "nobr",
    "no wrap",
    "small",
    "smaller",
    "big",
    "larger",
    "large",
    "huge",
    "midsize",
    "nobold",
    "noitalic",
    "nobold/italic",
    "longitem",
    "center",
    "centre",
    "smallcaps",
    "sc",
    "sup",
    "sub",
    "em",
    "strong",
    "var",
    "abbr",
    "tooltip",
    "abbrlink",
    "not a typo",
    "proper name",
    "sic",
    "nowrap begin",
    "vanchor",
    "anchor text",
    "bold",
    "italic",
    "underline",
)(_first)
handles("resize", "font color", "color", "colour", "fc")(_last)


@handles("font")
def _font(r: Renderer, t: Tpl, out: list[Token]) -> None:
    _render_arg(r, out, t.arg("text") or t.nth(1))


@handles("url", "official url", "official website")
def _url(r: Renderer, t: Tpl, out: list[Token]) -> None:
    _render_arg(r, out, t.arg("2") or t.nth(1))


@handles("ill", "interlanguage link", "interlanguage link multi", "ill2")
def _ill(r: Renderer, t: Tpl, out: list[Token]) -> None:
    target = _plain(r, t.nth(1))
    if target:
        out.append((LINK, target, t.pos, t.end))
        _render_arg(r, out, t.arg("lt") or t.nth(1))
        out.append((LINK_END,))


@handles("sortname")
def _sortname(r: Renderer, t: Tpl, out: list[Token]) -> None:
    name = " ".join(p for p in (_plain(r, t.nth(1)), _plain(r, t.nth(2))) if p)
    if name:
        target = None if t.arg("nolink") else (_plain(r, t.nth(3)) or name)
        out.append((LINK, target, t.pos, t.end))
        _generated(out, name, t)
        out.append((LINK_END,))


# ---------------------------------------------------------------- languages


def _native(which: Callable[[Tpl], tuple[Wikicode, int] | None]) -> Handler:
    def handle(r: Renderer, t: Tpl, out: list[Token]) -> None:
        arg = which(t)
        if arg is not None:
            out.append((NATIVE,))
            r.nodes(arg[0], arg[1], out)
            out.append((NATIVE_END,))

    return handle


def _last_positional(t: Tpl) -> tuple[Wikicode, int] | None:
    pos = t.positional()
    return pos[-1] if pos else None


_lang_first = _native(lambda t: t.nth(1))
_lang_second = _native(lambda t: t.nth(2))
handles("lang", "rtl-lang", "native name", "native phrase", "script", "langx", "lang-rtl")(
    _lang_second
)
handles("nastaliq", "nastaleeq", "noto nastaliq", "arabic", "rtl", "rtl-para", "hebrew")(
    _lang_first
)
handles("transl", "transliteration", "translit", "tlit")(_native(_last_positional))

# ---------------------------------------------------------------- lists


@handles(
    "unbulleted list",
    "ubl",
    "ubil",
    "unbulleted indent list",
    "bulleted list",
    "blist",
    "bulleted",
    "ordered list",
    "unordered list",
    "hlist",
    "collapsible list",
    "collapsed list",
    "cslist",
    "comma separated entries",
    "flatlist items",
)
def _list(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """Each positional parameter is one item; named ones (title, class, style) are presentation."""
    out.append((BREAK, t.pos, t.pos))
    for value, at in t.positional():
        if code_text(value).strip():
            r.nodes(value, at, out)
            out.append((BREAK, at, at))


@handles("plainlist", "plain list", "flatlist", "flat list", "startflatlist", "endflatlist")
def _block_list(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """`{{plainlist|* a * b}}`: the content holds a `*` list."""
    out.append((BREAK, t.pos, t.pos))
    _render_arg(r, out, t.nth(1))
    out.append((BREAK, t.end, t.end))


def _break(r: Renderer, t: Tpl, out: list[Token]) -> None:
    out.append((BREAK, t.pos, t.end))


handles(
    "-",
    "clear",
    "clr",
    "clear left",
    "clear right",
    "break",
    "br",
    "•",
    "·",
    "dot",
    "middot",
    "bull",
    "bullet",
    "dot separator",
    "crlf",
    "endplainlist",
    "end plainlist",
)(_break)

# ---------------------------------------------------------------- punctuation

handles("spaced ndash", "snd", "spnd", "sndash", "spaced en dash", "spaced dash", "nsndns")(
    _marker(" – ")
)
handles("ndash", "–", "en dash", "endash", "en-dash")(_marker("–"))
handles("mdash", "—", "em dash", "emdash", "em-dash")(_marker("—"))
handles("spaced mdash", "spd", "spaced em dash", "smdash")(_marker(" — "))
handles("nbsp", "space", "sp", "thinsp", "thin space", "zwsp")(_marker(" "))
handles("okina", "ʻ")(_marker("ʻ"))
handles("'")(_marker("'"))
handles("!")(_marker("|"))
handles("=")(_marker("="))

# ---------------------------------------------------------------- numbers and dates


def _date_text(year: str, month: str = "", day: str = "") -> str:
    """`1 November 2012`, `November 2012` or `2012`: the precision the template was given."""
    year, month, day = year.strip(), month.strip(), day.strip()
    if not year:
        return ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", year):
        y, m, d = year.split("-")
        return _date_text(y, m, d)
    if not month or not month.isdigit() or not 1 <= int(month) <= 12:
        return year
    name = MONTH_NAMES[int(month) - 1]
    if day and day.isdigit() and 1 <= int(day) <= 31:
        return f"{int(day)} {name} {year}"
    return f"{name} {year}"


@handles(
    "start date",
    "end date",
    "start date and age",
    "end date and age",
    "start and end dates",
    "birth date",
    "birth date and age",
    "bda",
    "dob",
    "death date",
    "death date and age",
    "dda",
    "dts",
    "date",
    "film date",
    "release date",
    "start-date",
    "end-date",
    "birth-date",
    "death-date",
    "birth year and age",
    "death year and age",
)
def _date(r: Renderer, t: Tpl, out: list[Token]) -> None:
    parts = [_plain(r, (v, at)) for v, at in t.positional()]
    if not parts:
        return
    if not re.fullmatch(r"\d{1,4}(?:-\d{2}-\d{2})?", parts[0].strip()):
        _generated(out, parts[0], t)  # start-date style: the date as free text
        return
    _generated(out, _date_text(*(parts + ["", ""])[:3]), t)


@handles("circa", "c.", "ca.", "circa1")
def _circa(r: Renderer, t: Tpl, out: list[Token]) -> None:
    what = _plain(r, t.nth(1))
    _generated(out, f"c. {what}" if what else "c. ", t)


def _formatnum(r: Renderer, t: Tpl, out: list[Token]) -> None:
    raw = t.raw_name.split(":", 1)[1].strip()
    try:
        number = float(raw.replace(",", ""))
    except ValueError:
        _generated(out, raw, t)
        return
    _generated(out, f"{number:,.0f}" if number.is_integer() else f"{number:,}", t)


_RANGE_WORDS = {"-": "–", "–": "–", "to": " to ", "and": " and ", "or": " or ", "to(-)": " to "}


@handles("convert", "cvt", "convert/2")
def _convert(r: Renderer, t: Tpl, out: list[Token]) -> None:
    """The quantity as written, in its first unit; the conversion is the template's own addition."""
    parts = [_plain(r, (v, at)) for v, at in t.positional()]
    if not parts:
        return
    text = parts[0]
    rest = parts[1:]
    if len(rest) >= 2 and rest[0] in _RANGE_WORDS:
        text += _RANGE_WORDS[rest[0]] + rest[1]
        rest = rest[2:]
    if rest:
        text += f" {rest[0]}"
    _generated(out, text, t)


@handles("as of", "asof")
def _as_of(r: Renderer, t: Tpl, out: list[Token]) -> None:
    parts = [_plain(r, (v, at)) for v, at in t.positional()]
    if not parts:
        return
    lead = "as of" if _plain(r, t.arg("lc")) else "As of"
    _generated(out, f"{lead} {_date_text(*(parts + ['', ''])[:3])}", t)
