"""mwparserfromhell's tree, built from its tokenizer's tokens without the setters.

`mwparserfromhell.parser.Builder` makes every node through its public
constructor, and every constructor assigns through property setters that call
`utils.parse_anything`, which imports four modules per call to find out that it
was handed a `Wikicode` already. On a page that is most of the time spent
parsing: the tokenizer is C, the builder Python. `TreeBuilder` builds the same
tree, node for node, but makes the common nodes (text, templates, parameters,
wikilinks, tags and their attributes, external links) by assigning the
attributes their setters would have assigned, checks included; the rare ones
(arguments, entities, headings, comments) go through the library's own
handlers, unchanged.

The attribute names are mwparserfromhell's private ones, so the version is
pinned (`pyproject.toml`) and `tests/test_parse_builder.py` checks that the
trees are the same as the library's, node by node and attribute by attribute,
on snippets holding every kind of node and on the shared wikitext export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mwparserfromhell.nodes import ExternalLink, Tag, Template, Text, Wikilink
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import Builder, ParserError, tokens
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

try:
    from mwparserfromhell.parser._tokenizer import CTokenizer as _Tokenizer
except ImportError:  # pragma: no cover - the pure-Python tokenizer gives the same tokens
    from mwparserfromhell.parser.tokenizer import Tokenizer as _Tokenizer

__all__ = ["TreeBuilder", "parse"]

_new = object.__new__
_TEXT = tokens.Text
_PARAM_SEPARATOR = tokens.TemplateParamSeparator
_PARAM_EQUALS = tokens.TemplateParamEquals
_TEMPLATE_CLOSE = tokens.TemplateClose
_LINK_SEPARATOR = tokens.WikilinkSeparator
_LINK_CLOSE = tokens.WikilinkClose
_ATTR_START = tokens.TagAttrStart
_CLOSE_OPEN = tokens.TagCloseOpen
_OPEN_CLOSE = tokens.TagOpenClose
_CLOSE_SELF = tokens.TagCloseSelfclose
_CLOSE_CLOSE = tokens.TagCloseClose
_ATTR_EQUALS = tokens.TagAttrEquals
_ATTR_QUOTE = tokens.TagAttrQuote
_EXT_SEPARATOR = tokens.ExternalLinkSeparator
_EXT_CLOSE = tokens.ExternalLinkClose


def _text(value: str) -> Text:
    node = _new(Text)
    node._value = value  # noqa: SLF001 - what `Text.value = value` stores
    return node


_new_list = list.__new__
_extend = list.extend


def _code(nodes: list[Any]) -> Wikicode:
    """What `Wikicode(nodes)` stores: a `SmartList` of the nodes.

    `SmartList(nodes)` runs its Python `__new__` (which sets `_children`) and then
    `list.__init__`; the same two steps done here in C cost a third as much, and
    a page makes a `Wikicode` for every name, value and title.
    """
    smart = _new_list(SmartList)
    smart._children = {}  # noqa: SLF001 - what `SmartList.__new__` sets
    _extend(smart, nodes)  # `list.extend`: `SmartList.extend` would update children it lacks
    code = _new(Wikicode)
    code._nodes = smart  # noqa: SLF001
    return code


class TreeBuilder(Builder):
    """`Builder`, with the handlers of the common nodes made without property setters.

    Each handler mirrors the library's of the same name (mwparserfromhell
    0.7.2, `parser/builder.py`); only how the node is made differs.
    """

    def build(self, tokenlist: list[Any]) -> Wikicode:
        """The tree of a token list, which is used up (as the library's `build` does)."""
        tokenlist.reverse()
        self._tokens = tokenlist
        self._stacks = []
        nodes: list[Any] = []
        while tokenlist:
            token = tokenlist.pop()
            if type(token) is _TEXT:
                nodes.append(_text(token["text"]))
            else:
                nodes.append(self._handle_token(token))
        return _code(nodes)

    def _pop(self) -> Wikicode:
        return _code(self._stacks.pop())

    def _handle_token(self, token: Any) -> Any:
        kind = type(token)
        if kind is _TEXT:
            return _text(token["text"])
        try:
            return _HANDLERS[kind](self, token)
        except KeyError:  # as the library's: from the lookup or from the handler
            raise ParserError(f"_handle_token() got unexpected {kind.__name__}") from None

    def _handle_parameter(self, default: int) -> Parameter:
        key = None
        showkey = False
        stack: list[Any] = []
        self._stacks.append(stack)
        pending = self._tokens
        while pending:
            token = pending.pop()
            kind = type(token)
            if kind is _TEXT:
                stack.append(_text(token["text"]))
            elif kind is _PARAM_EQUALS:
                key = self._pop()
                showkey = True
                stack = []
                self._stacks.append(stack)
            elif kind is _PARAM_SEPARATOR or kind is _TEMPLATE_CLOSE:
                pending.append(token)
                value = self._pop()
                if key is None:
                    key = _code([_text(str(default))])
                param = _new(Parameter)
                param._name = key  # noqa: SLF001
                param._value = value  # noqa: SLF001
                param._showkey = showkey  # noqa: SLF001 - a hidden key is always a number
                return param
            else:
                stack.append(self._handle_token(token))
        raise ParserError("_handle_parameter() missed a close token")

    def _handle_template(self, token: Any) -> Template:
        name = None
        params: list[Parameter] = []
        default = 1
        stack: list[Any] = []
        self._stacks.append(stack)
        pending = self._tokens
        while pending:
            token = pending.pop()
            kind = type(token)
            if kind is _TEXT:
                stack.append(_text(token["text"]))
            elif kind is _PARAM_SEPARATOR:
                if not params:
                    name = self._pop()
                param = self._handle_parameter(default)
                params.append(param)
                if not param._showkey:  # noqa: SLF001
                    default += 1
            elif kind is _TEMPLATE_CLOSE:
                if not params:
                    name = self._pop()
                assert name is not None
                node = _new(Template)
                node._name = name  # noqa: SLF001
                node._params = params  # noqa: SLF001
                return node
            else:
                stack.append(self._handle_token(token))
        raise ParserError("_handle_template() missed a close token")

    def _handle_wikilink(self, token: Any) -> Wikilink:
        title = None
        stack: list[Any] = []
        self._stacks.append(stack)
        pending = self._tokens
        while pending:
            token = pending.pop()
            kind = type(token)
            if kind is _TEXT:
                stack.append(_text(token["text"]))
            elif kind is _LINK_SEPARATOR:
                title = self._pop()
                stack = []
                self._stacks.append(stack)
            elif kind is _LINK_CLOSE:
                node = _new(Wikilink)
                if title is not None:
                    node._title = title  # noqa: SLF001
                    node._text = self._pop()  # noqa: SLF001
                else:
                    node._title = self._pop()  # noqa: SLF001
                    node._text = None  # noqa: SLF001
                return node
            else:
                stack.append(self._handle_token(token))
        raise ParserError("_handle_wikilink() missed a close token")

    def _handle_external_link(self, token: Any) -> ExternalLink:
        brackets, url, suppress_space = token.get("brackets"), None, None
        stack: list[Any] = []
        self._stacks.append(stack)
        pending = self._tokens
        while pending:
            token = pending.pop()
            kind = type(token)
            if kind is _TEXT:
                stack.append(_text(token["text"]))
            elif kind is _EXT_SEPARATOR:
                url = self._pop()
                suppress_space = token.get("suppress_space")
                stack = []
                self._stacks.append(stack)
            elif kind is _EXT_CLOSE:
                node = _new(ExternalLink)
                if url is not None:
                    node._url = url  # noqa: SLF001
                    node._title = self._pop()  # noqa: SLF001
                else:
                    node._url = self._pop()  # noqa: SLF001
                    node._title = None  # noqa: SLF001
                node._brackets = bool(brackets)  # noqa: SLF001
                node.suppress_space = suppress_space is True
                return node
            else:
                stack.append(self._handle_token(token))
        raise ParserError("_handle_external_link() missed a close token")

    def _handle_attribute(self, start: Any) -> Attribute:
        name = quotes = None
        stack: list[Any] = []
        self._stacks.append(stack)
        pending = self._tokens
        while pending:
            token = pending.pop()
            kind = type(token)
            if kind is _TEXT:
                stack.append(_text(token["text"]))
            elif kind is _ATTR_EQUALS:
                name = self._pop()
                stack = []
                self._stacks.append(stack)
            elif kind is _ATTR_QUOTE:
                quotes = token.get("char")
            elif kind is _ATTR_START or kind is _CLOSE_OPEN or kind is _CLOSE_SELF:
                pending.append(token)
                if name:
                    value = self._pop()
                else:
                    name, value = self._pop(), None
                return _attribute(
                    name,
                    value,
                    quotes,
                    start.get("pad_first"),
                    start.get("pad_before_eq"),
                    start.get("pad_after_eq"),
                )
            else:
                stack.append(self._handle_token(token))
        raise ParserError("_handle_attribute() missed a close token")

    def _handle_tag(self, token: Any) -> Tag:
        tag = None
        padding = None
        implicit, attrs, contents, closing_tag = False, [], None, None
        wiki_markup, invalid = token.get("wiki_markup"), token.get("invalid") or False
        wiki_style_separator, closing_wiki_markup = None, wiki_markup
        stack: list[Any] = []
        self._stacks.append(stack)
        pending = self._tokens
        while pending:
            token = pending.pop()
            kind = type(token)
            if kind is _TEXT:
                stack.append(_text(token["text"]))
            elif kind is _ATTR_START:
                attrs.append(self._handle_attribute(token))
            elif kind is _CLOSE_OPEN:
                wiki_style_separator = token.get("wiki_markup")
                padding = token.get("padding") or ""
                tag = self._pop()
                stack = []
                self._stacks.append(stack)
            elif kind is _OPEN_CLOSE:
                closing_wiki_markup = token.get("wiki_markup")
                contents = self._pop()
                stack = []
                self._stacks.append(stack)
            elif kind is _CLOSE_SELF or kind is _CLOSE_CLOSE:
                if kind is _CLOSE_SELF:
                    closing_wiki_markup = token.get("wiki_markup")
                    tag = self._pop()
                    self_closing = True
                    padding = token.get("padding") or ""
                    implicit = token.get("implicit") or False
                else:
                    self_closing = False
                    closing_tag = self._pop()
                assert tag is not None
                assert padding is not None
                return _tag(
                    tag,
                    contents,
                    attrs,
                    wiki_markup,
                    self_closing,
                    invalid,
                    implicit,
                    padding,
                    closing_tag,
                    wiki_style_separator,
                    closing_wiki_markup,
                )
            else:
                stack.append(self._handle_token(token))
        raise ParserError("_handle_tag() missed a close token")


_HANDLERS: dict[type, Callable[[TreeBuilder, Any], Any]] = {
    tokens.TemplateOpen: TreeBuilder._handle_template,
    tokens.WikilinkOpen: TreeBuilder._handle_wikilink,
    tokens.TagOpenOpen: TreeBuilder._handle_tag,
    tokens.ArgumentOpen: TreeBuilder._handle_argument,
    tokens.ExternalLinkOpen: TreeBuilder._handle_external_link,
    tokens.HTMLEntityStart: TreeBuilder._handle_entity,
    tokens.HeadingStart: TreeBuilder._handle_heading,
    tokens.CommentStart: TreeBuilder._handle_comment,
}


def _padding(value: str | None) -> str:
    """What the padding setters of `Tag` and `Attribute` store."""
    if not value:
        return ""
    value = str(value)
    if not value.isspace():
        raise ValueError("padding must be entirely whitespace")
    return value


def _attribute(
    name: Wikicode,
    value: Wikicode | None,
    quotes: str | None,
    pad_first: str | None,
    pad_before_eq: str | None,
    pad_after_eq: str | None,
) -> Attribute:
    """What `Attribute.__init__` stores.

    Its `value` setter picks quotes the value would need, which its `quotes`
    setter then overwrites with the ones given; only the check that a value
    needing quotes has them is kept.
    """
    node = _new(Attribute)
    node._name = name  # noqa: SLF001
    node._value = value  # noqa: SLF001
    quotes = Attribute.coerce_quotes(quotes)
    if not quotes and Attribute._value_needs_quotes(value):  # noqa: SLF001
        raise ValueError("attribute value requires quotes")
    node._quotes = quotes  # noqa: SLF001
    node._pad_first = _padding(pad_first)  # noqa: SLF001
    node._pad_before_eq = _padding(pad_before_eq)  # noqa: SLF001
    node._pad_after_eq = _padding(pad_after_eq)  # noqa: SLF001
    return node


def _tag(
    tag: Wikicode,
    contents: Wikicode | None,
    attrs: list[Any],
    wiki_markup: str | None,
    self_closing: bool,
    invalid: bool,
    implicit: bool,
    padding: str,
    closing_tag: Wikicode | None,
    wiki_style_separator: str | None,
    closing_wiki_markup: str | None,
) -> Tag:
    """What `Tag.__init__` stores, in the order its setters store it."""
    node = _new(Tag)
    node._tag = node._closing_tag = tag  # noqa: SLF001
    node._contents = contents if contents is not None else _code([])  # noqa: SLF001
    node._attrs = attrs if attrs else []  # noqa: SLF001
    markup = str(wiki_markup) if wiki_markup else None
    node._wiki_markup = markup  # noqa: SLF001
    node._closing_wiki_markup = markup  # noqa: SLF001 - the setter's default
    node._self_closing = bool(self_closing)  # noqa: SLF001
    node._invalid = bool(invalid)  # noqa: SLF001
    node._implicit = bool(implicit)  # noqa: SLF001
    node._padding = _padding(padding)  # noqa: SLF001
    if closing_tag is not None:
        node._closing_tag = closing_tag  # noqa: SLF001
    node._wiki_style_separator = (  # noqa: SLF001
        str(wiki_style_separator) if wiki_style_separator else None
    )
    if closing_wiki_markup is not None:
        node._closing_wiki_markup = (  # noqa: SLF001
            str(closing_wiki_markup) if closing_wiki_markup else None
        )
    return node


def parse(text: str) -> Wikicode:
    """`mwparserfromhell.parser.Parser().parse(text)`, built by `TreeBuilder`."""
    return TreeBuilder().build(_Tokenizer().tokenize(text, 0, False))
