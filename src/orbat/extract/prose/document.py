"""The prose of one article, split into sentences that know their mentions and times."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from orbat.model import EntityRef
from orbat.parse.structure import Paragraph
from orbat.parse.textmap import MappedText
from orbat.values import find_quantities
from orbat.values.types import Quantity

from .mentions import Knowledge, Mention, Tokens, annotate, capitalised_words, tokens_of
from .sentences import parse
from .timex import TimeHit, Timeline

# Sections whose lines are references, not statements about the subject.
SKIPPED_SECTIONS = frozenset(
    [
        "see also",
        "references",
        "external links",
        "further reading",
        "notes",
        "bibliography",
        "sources",
        "citations",
        "footnotes",
        "literature",
    ]
)


# Mentions that can be what a sentence is about, and so what the next sentence's "it" is.
_TOPIC_LABELS = frozenset(["SUBJECT", "ANAPHOR", "SUBUNIT", "ORG", "OTHER", "BATTLE"])


@dataclass(frozen=True, slots=True)
class QuantityHit:
    value: Quantity
    start: int  # character offsets in the paragraph
    end: int


@dataclass
class Sentence:
    """One sentence: its tokens (a span of the paragraph's Doc), mentions, times and counts."""

    paragraph: Paragraph
    doc: Doc
    span: Span
    index: int  # position in the document
    times: list[TimeHit]
    quantities: list[QuantityHit]
    subject: EntityRef
    mentions: list[Mention] = field(default_factory=list)
    # whether "it" opening this sentence is the subject: the previous sentence was about it
    it_is_subject: bool = True
    _at: dict[int, Mention] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def text(self) -> str:
        return self.source[self.span.start_char : self.span.end_char]  # span.text

    @property
    def source(self) -> str:
        """The paragraph's text, which its Doc was made from: what `doc.text` rebuilds.

        spaCy keeps every character, so `doc.text` equals it; but `doc.text`
        (and `span.text`) joins a Token per word, at every access.
        """
        return self.paragraph.text.text

    @property
    def section(self) -> str:
        return self.paragraph.section

    @property
    def tokens(self) -> Tokens:
        """The paragraph's tokens as plain lists: cheaper than indexing the Doc in a scan."""
        return tokens_of(self.doc)

    def set_mentions(self, mentions: list[Mention]) -> None:
        start, end = self.start, self.end
        self.mentions = [m for m in mentions if start <= m.start and m.end <= end]
        self._at = {i: m for m in self.mentions for i in range(m.start, m.end)}

    def mention_at(self, i: int) -> Mention | None:
        """The mention covering token i."""
        return self._at.get(i)

    def mention_starting(self, i: int) -> Mention | None:
        m = self._at.get(i)
        return m if m is not None and m.start == i else None

    def cite(self, lo: int | None = None, hi: int | None = None) -> MappedText:
        """The stored-text span of tokens [lo, hi), the whole sentence by default."""
        lo = self.start if lo is None else lo
        hi = self.end if hi is None else hi
        a = self.doc[lo].idx
        last = self.doc[hi - 1]
        b = last.idx + len(last.text)
        return self.paragraph.text.slice(a, b)

    def token_at_char(self, char: int) -> int:
        """The token holding a paragraph character offset (or the next one)."""
        for tok in self.span:
            if tok.idx + len(tok.text) > char:
                return tok.i
        return self.end - 1


@dataclass
class ProseDocument:
    knowledge: Knowledge
    sentences: list[Sentence]
    docs: list[tuple[Paragraph, Doc]]
    # the mentions of each Doc, and the knowledge state they were linked with
    _linked: tuple[tuple[object, ...], dict[int, list[Mention]]] | None = None

    def annotate(self) -> None:
        """(Re)link mentions after the knowledge has grown."""
        by_doc = self._mentions_by_doc()
        index = {id(doc): i for i, (_, doc) in enumerate(self.docs)}
        previous_doc = None
        topic_is_subject = True
        for s in self.sentences:
            s.set_mentions(by_doc[index[id(s.doc)]])
            if s.doc is not previous_doc:
                topic_is_subject = True  # a paragraph's "it" is the article's subject
                previous_doc = s.doc
            s.it_is_subject = topic_is_subject
            topic = next((m for m in s.mentions if m.label in _TOPIC_LABELS), None)
            if topic is not None:
                topic_is_subject = topic.about_subject

    def _mentions_by_doc(self) -> dict[int, list[Mention]]:
        """Each Doc's mentions; relinked only when the knowledge has changed since.

        A stage that learns no name leaves the knowledge as it was, and linking
        is a pure function of the Doc and the knowledge, so the last links stand.
        """
        state = self.knowledge.state()
        if self._linked is not None and self._linked[0] == state:
            return self._linked[1]
        by_doc = {i: annotate(doc, self.knowledge) for i, (_, doc) in enumerate(self.docs)}
        self._linked = (state, by_doc)
        return by_doc


def read(paragraphs: list[Paragraph], knowledge: Knowledge) -> ProseDocument:
    timeline = Timeline()
    sentences: list[Sentence] = []
    docs: list[tuple[Paragraph, Doc]] = []
    for p in paragraphs:
        if p.section.split(" > ")[-1].strip().lower() in SKIPPED_SECTIONS:
            continue
        if not p.text.text.strip():
            continue
        text = p.text.text
        doc = parse(text)
        docs.append((p, doc))
        knowledge.capitalised.update(capitalised_words(doc))
        for span in doc.sents:
            # the Doc's text is the text it was made from, so this is span.text
            # without building a Token per word
            start = span.start_char
            sentence = text[start : span.end_char]
            times = timeline.scan(sentence, start)
            qty = [QuantityHit(q, start + a, start + b) for q, a, b in find_quantities(sentence)]
            sentences.append(Sentence(p, doc, span, len(sentences), times, qty, knowledge.subject))
    return ProseDocument(knowledge, sentences, docs)
