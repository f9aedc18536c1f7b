"""Who a clause is about: a shallow reading of English clause structure.

Without a parser model, the subject of a verb is found the way a reader skims:
go back to where the clause starts (sentence start, ";", a relative pronoun,
"and" before a verb), drop a fronted adverbial ("In January 2024,", "According
to a report,"), and read the noun phrase that follows. A clause with no
subject of its own ("…, that was formed in 2012 and organized by X") takes it
from the clause it hangs on: the antecedent of "that", or the verb before
"and". Every step refuses rather than guesses, so an unclear clause yields no
agent and no claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from orbat.model import EntityRef, Kind

from . import gazetteer
from .document import Sentence
from .lexicon import (
    AUXILIARIES,
    CLAUSE_ADVERBS,
    FOUNDING_NOUNS,
    FRONTING,
    IRREGULAR_VERBS,
    MEMBER_NOUNS,
    ROLE_NOUNS,
    STRENGTH_NOUNS,
    SUBORDINATORS,
    UNIT_NOUNS,
    VERB_GROUP,
)
from .mentions import (
    ANAPHOR,
    PERSON,
    PLACE,
    SUBJECT,
    SUBUNIT,
    Mention,
    Tokens,
    ethnic_adjective,
)

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "both",
        "some",
        "its",
        "their",
        "his",
        "her",
        "all",
        "each",
        "any",
        "several",
        "many",
        "most",
        "one",
        "two",
        "three",
        "own",
    ]
)
_REPORTING = frozenset(
    [
        "said",
        "stated",
        "claimed",
        "reported",
        "noted",
        "announced",
        "argued",
        "believe",
        "believed",
        "found",
        "showed",
        "suggested",
        "confirmed",
        "denied",
        "alleged",
        "added",
        "wrote",
        "says",
        "states",
        "claims",
        "reports",
    ]
)
_COPULA = frozenset(["is", "was", "were", "are", "became", "becomes", "remains", "remained"])
_NOT_VERBS = frozenset(
    [
        "training",
        "fundraising",
        "building",
        "fighting",
        "funding",
        "financing",
        "recruiting",
        "shelling",
        "bombing",
        "killing",
        "warning",
        "meeting",
        "beginning",
        "setting",
        "following",
        "uprising",
        "wing",
        "king",
        "during",
        "including",
        "according",
        "armed",
        "based",
        "red",
        "bed",
        "hundred",
        "shed",
        "united",
    ]
)
_APPOSITION_NOUNS = ROLE_NOUNS | frozenset(
    [
        "group",
        "militia",
        "organization",
        "organisation",
        "movement",
        "faction",
        "party",
        "force",
        "army",
        "unit",
        "brigade",
        "network",
        "company",
        "magazine",
        "newspaper",
        "agency",
    ]
)
_TRAILING_NOUNS = MEMBER_NOUNS | frozenset(
    [
        "instructors",
        "advisers",
        "advisors",
        "trainers",
        "officers",
        "militia",
        "forces",
        "operatives",
        "experts",
        "agents",
        "government",
        "authorities",
        "regime",
        "group",
        "groups",
    ]
)


_PASSIVE_FOLLOWERS = frozenset(
    [
        "by",
        "in",
        "on",
        "at",
        "during",
        "from",
        "as",
        "after",
        "before",
        "under",
        "with",
        ",",
        ";",
        ".",
        "since",
        "until",
    ]
)
_NP_BREAKS = frozenset(
    [
        "and",
        "or",
        "of",
        "from",
        "in",
        "at",
        "with",
        "by",
        "for",
        "on",
        "as",
        "under",
        "near",
        "to",
        ",",
        "(",
        "'s",
        "who",
        "which",
        "that",
    ]
)
_FLOATING = frozenset(["both", "all", "each", "also", "themselves", "itself"])
_QUOTES = frozenset(['"', "“", "”", "'", "‘", "’"])
# After "and", these open a new clause with its own subject: "…, and its fighters underwent …".
_CLAUSE_OPENERS = frozenset(["its", "their", "it", "they", "he", "she"])
_MEMBERS_PLURAL = frozenset(
    [
        "fighters",
        "militants",
        "guerrillas",
        "guerillas",
        "insurgents",
        "militiamen",
        "recruits",
        "volunteers",
        "combatants",
        "rebels",
    ]
)
_FOREIGN_AGENTS = frozenset(
    [
        "instructors",
        "trainers",
        "advisers",
        "advisors",
        "officers",
        "troops",
        "forces",
        "experts",
        "specialists",
        "operatives",
        "agents",
        "officials",
    ]
)
_STATE_NOUNS = frozenset(
    [
        "government",
        "regime",
        "authorities",
        "army",
        "military",
        "ministry",
        "state",
        "administration",
        "president",
        "forces",
        "troops",
        "soldiers",
        "police",
    ]
)
_PREPOSITIONS = frozenset(["of", "from", "in", "at", "for", "with", "by", "on", "among", "within"])


@dataclass(frozen=True, slots=True)
class Agent:
    """Who a clause is about: one mention, or several joined by "and"."""

    mentions: tuple[Mention, ...]
    inherited: bool = False

    @property
    def refs(self) -> tuple[EntityRef, ...]:
        return tuple(m.ref for m in self.mentions)

    @property
    def is_subject(self) -> bool:
        return len(self.mentions) == 1 and self.mentions[0].about_subject

    @property
    def own(self) -> Mention | None:
        """The mention when it is the subject or one of its sub-units."""
        if len(self.mentions) == 1 and self.mentions[0].label in (SUBJECT, ANAPHOR, SUBUNIT):
            return self.mentions[0]
        return None


def verbish(tok: Token) -> bool:
    """A token that looks like part of a verb group (no tagger: by form and word lists)."""
    return _verbish(tok.text, tok.lower_, tok.is_alpha)


def _verbish_at(tokens: Tokens, k: int) -> bool:
    """`verbish(doc[k])` read from the token table, for the scans below (no Token built)."""
    return _verbish(tokens.text[k], tokens.lower[k], tokens.is_alpha[k])


def _verbish(text: str, low: str, is_alpha: bool | int) -> bool:
    if text[:1].isupper() or not is_alpha:
        return False
    if low in _NOT_VERBS:
        return False
    if low in VERB_GROUP and low not in ("to", "both", "all", "first", "only"):
        return True
    if low in IRREGULAR_VERBS:
        return True
    if low.endswith("ed") and len(low) > 4:
        return True
    return low.endswith("ing") and len(low) > 5


def clause_start(s: Sentence, i: int) -> tuple[int, str, int]:
    """(first token of the clause holding token i, how it was opened, the opener's index)."""
    # the token table's plain lists, not Doc indexing: this walks back over
    # many tokens for each claim
    tokens = s.tokens
    texts, lower = tokens.text, tokens.lower
    depth = 0
    k = i - 1
    while k >= s.start:
        text = texts[k]
        low = lower[k]
        if text == ")":
            depth += 1
        elif text == "(":
            depth = max(0, depth - 1)
        elif depth == 0:
            if text in (";", ":"):
                return k + 1, "semicolon", k
            if low in ("which", "who", "whom", "whereby", "where"):
                return k + 1, "relative", k
            if low == "that":
                prev = lower[k - 1] if k > s.start else ""
                kind = "complement" if prev in _REPORTING or prev in ("so", "such") else "relative"
                return k + 1, kind, k
            if low in SUBORDINATORS:
                return k + 1, "subordinate", k
            if low in ("and", "or") and k + 1 < s.end:
                nxt = _skip_adverbs(s, k + 1)
                if nxt < s.end and _verbish_at(tokens, nxt):
                    return k + 1, "and", k
                if lower[k + 1] in _CLAUSE_OPENERS or (k > s.start and texts[k - 1] == ","):
                    return k + 1, "conjoined", k
                named = s.mention_starting(k + 1)
                if (
                    named is not None
                    and named.end <= i
                    and (named.end == i or _verbish_at(tokens, named.end))
                ):
                    return k + 1, "conjoined", k  # "… and Honoré Kasongo took over"
            if text == "," and k + 1 < s.end:
                nxt = _skip_adverbs(s, k + 1)
                if nxt < s.end and _verbish_at(tokens, nxt) and lower[nxt] not in VERB_GROUP:
                    return k + 1, "comma", k
        k -= 1
    return s.start, "sentence", s.start


def clause_end(s: Sentence, j: int) -> int:
    """Where the clause running at token j ends: before "; …", ", which …", "and <verb>"."""
    tokens = s.tokens
    texts, lower = tokens.text, tokens.lower
    k = j
    while k < s.end:
        low = lower[k]
        if texts[k] in (";", ":") or low in SUBORDINATORS:
            return k
        if low in ("and", "or", ",") and k + 1 < s.end:
            nxt = _skip_adverbs(s, k + 1)
            if nxt < s.end and (_verbish_at(tokens, nxt) or lower[nxt] in SUBORDINATORS):
                return k
        k += 1
    return s.end


def _skip_adverbs(s: Sentence, k: int) -> int:
    tokens = s.tokens
    lower, is_alpha = tokens.lower, tokens.is_alpha
    while k < s.end and (lower[k] in CLAUSE_ADVERBS or lower[k].endswith("ly") and is_alpha[k]):
        k += 1
    return k


def strip_fronting(s: Sentence, k: int, stop: int) -> int:
    """Skip "In 2015,", "According to a report,", "as of February 2015", "More recently"."""
    doc = s.doc
    for _ in range(6):
        if k >= stop:
            return k
        tok = doc[k]
        low = tok.lower_
        time = next((t for t in s.times if doc[k].idx == t.lead), None)
        if time is not None:
            k = s.token_at_char(time.end)
            while k < stop and doc[k].idx < time.end:
                k += 1
            if k < stop and doc[k].text == ",":
                k += 1
            continue
        if low in CLAUSE_ADVERBS or tok.text == ",":
            k += 1
            continue
        if k == s.start and (low.endswith(("ed", "ing")) or low in IRREGULAR_VERBS):
            # "Formed in late 2016 by local hunters, the committees …"
            comma = next((j for j in range(k, min(stop, k + 16)) if doc[j].text == ","), None)
            if comma is not None:
                k = comma + 1
                continue
        if low in FRONTING:
            comma = next((j for j in range(k, min(stop, k + 14)) if doc[j].text == ","), None)
            if comma is not None:
                k = comma + 1
                continue
            # "At its peak in mid-2019 the organisation …": skip through the time
            lo, hi = doc[k].idx, doc[min(stop, k + 8) - 1].idx
            inside = [t for t in s.times if lo <= t.lead <= hi]
            if inside:
                k = s.token_at_char(inside[-1].end - 1) + 1
                continue
            # "In its first year the militia …": the clause starts at the next "the"
            nxt = next(
                (j for j in range(k + 2, min(stop, k + 7)) if doc[j].lower_ in ("the", "a", "an")),
                None,
            )
            if (
                nxt is not None
                and s.mention_at(nxt) is not None
                and s.mention_at(nxt).about_subject
            ):
                k = nxt
                continue
            return k
        return k
    return k


def noun_phrase_end(s: Sentence, k: int, stop: int) -> int:
    """Where the noun phrase starting at k ends: at a verb, a comma or a clause word."""
    doc = s.doc
    j = k
    while j < stop:
        tok = doc[j]
        m = s.mention_starting(j)
        if m is not None:
            j = m.end
            continue
        if tok.text == "(":
            close = next((x for x in range(j, stop) if doc[x].text == ")"), None)
            if close is None:
                return j
            j = close + 1
            continue
        if tok.text in (",", ";", ":", ")") or tok.lower_ in SUBORDINATORS:
            return j
        if verbish(tok) and j > k:
            return j
        j += 1
    return j


def interpret(s: Sentence, k: int, e: int, *, pronouns: bool = True) -> Agent | None:
    """The entity a noun phrase [k, e) stands for, if it clearly stands for one."""
    doc = s.doc
    while k < e and doc[k].lower_ in DETERMINERS and s.mention_starting(k) is None:
        if doc[k].lower_ in ("its", "their") and pronouns:
            nxt = doc[k + 1].lower_ if k + 1 < e else ""
            if nxt in STRENGTH_NOUNS | MEMBER_NOUNS and _subject_is_topic(s, k):
                return Agent((_pronoun(s, k),))
        k += 1
    if k >= e:
        return None
    tok = doc[k]
    if tok.lower_ == "it" and pronouns and _subject_is_topic(s, k):
        return Agent((_pronoun(s, k),))
    m = s.mention_starting(k)
    if m is None:
        return _generic_head(s, k, e) or _named_in(s, k, e)
    mentions = [m]
    j = m.end
    while j < e:
        if doc[j].text == "(":
            close = next((x for x in range(j, e) if doc[x].text == ")"), None)
            j = e if close is None else close + 1
            continue
        if doc[j].lower_ in ("and", ",", "or") or doc[j].text == ",":
            nxt = j + 1
            if nxt < e and doc[nxt].lower_ in ("and", "the"):
                nxt += 1
            if nxt < e and doc[nxt].lower_ == "the":
                nxt += 1
            nm = s.mention_starting(nxt)
            if nm is not None:
                mentions.append(nm)
                j = nm.end
                continue
        break
    after = doc[j].lower_ if j < e else ""
    if after == "'s":
        noun = doc[j + 1].lower_ if j + 1 < e else ""
        if len(mentions) == 1 and noun in STRENGTH_NOUNS | MEMBER_NOUNS:
            return Agent(tuple(mentions))
        return None
    if after in UNIT_NOUNS and after not in MEMBER_NOUNS:
        return None  # "an NDF militia": a unit of it, unless the document named that unit
    if after in _APPOSITION_NOUNS and j + 1 < e and (nm := s.mention_starting(j + 1)):
        return Agent((nm,))  # "Iranian Quds Force commander Qasem Soleimani"
    if (
        after
        and j < e
        and doc[j].is_alpha
        and doc[j].is_lower
        and not after.endswith("s")
        and after not in _NP_BREAKS
        and not verbish(doc[j])
    ):
        return None  # "The IKEA product was launched": the name only describes the product
    later = next((x for x in s.mentions if j < x.start < min(e, j + 4)), None)
    if later is not None and later.label == PERSON and after not in _NP_BREAKS:
        return Agent((later,))  # "IBM CEO Ginni Rometty": the name only modifies what follows
    if m.label == "PLACE" and len(mentions) == 1 and after and after not in MEMBER_NOUNS:
        return None  # "Homs NDF": a place modifying another noun
    return Agent(tuple(mentions))


def _apposition(s: Sentence, k: int, stop: int) -> Agent | None:
    m = s.mention_starting(k)
    if m is None or m.end > stop or m.end >= s.end or s.doc[m.end].text != ",":
        return None
    return Agent((m,))


def _generic_head(s: Sentence, k: int, e: int) -> Agent | None:
    """A noun phrase without a name: "the creation of the NDF", "members of the group"."""
    doc = s.doc
    j = k
    while j < e and doc[j].lower_ not in ("of", "'s") and s.mention_starting(j) is None:
        j += 1
    head = doc[j - 1].lower_ if j > k else ""
    if (
        j == e
        and j - k == 1
        and head in _MEMBERS_PLURAL
        and k > s.start
        and doc[k - 1].lower_ == "the"
        and all(m.about_subject or m.label in (PLACE, PERSON) for m in s.mentions if m.start < k)
    ):
        # "The guerrillas were mainly …": the subject's own members, if no other group is named
        return Agent((Mention(k - 1, k + 1, s.subject, ANAPHOR, True),))
    if j < e and doc[j].lower_ == "of":
        nxt = j + 1
        while nxt < e and doc[nxt].lower_ in DETERMINERS:
            nxt += 1
        m = s.mention_starting(nxt)
        if (
            m is not None
            and m.about_subject
            and head in FOUNDING_NOUNS | STRENGTH_NOUNS | MEMBER_NOUNS
        ):
            return Agent((m,))
        if m is not None and head in _STATE_NOUNS and gazetteer.country_name_only(m.ref.name):
            return Agent((m,))  # "the government of Mali" acts for Mali
    if j - k == 2 and head in _FOREIGN_AGENTS and (country := gazetteer.demonym(doc[k].text)):
        # "Croatian instructors trained its first recruits": Croatia trained them
        return Agent((Mention(k, j, EntityRef(country, Kind.PLACE), PLACE, False),))
    if j - k in (1, 2) and head in _STATE_NOUNS:
        # "the Malian government": the state its adjective names
        adj = doc[j - 2] if j - k == 2 else None
        country = gazetteer.demonym(adj.text) if adj is not None else None
        if country is not None and adj is not None:
            return Agent((Mention(adj.i, j, EntityRef(country, Kind.PLACE), PLACE, False),))
    return None


def _named_in(s: Sentence, k: int, e: int) -> Agent | None:
    """A description naming its entity: "a French organization (SOSCO)", "the militia Liwa X"."""
    for j in range(k, e):
        if s.doc[j].lower_ in _PREPOSITIONS:
            return None
        m = s.mention_starting(j)
        if m is not None:
            return Agent((m,))
    return None


def _subject_is_topic(s: Sentence, k: int) -> bool:
    """ "it"/"its" stands for the subject when no other group was named before it."""
    before = [m for m in s.mentions if m.start < k and m.label not in (PLACE, PERSON)]
    if not before:
        return s.it_is_subject
    return all(m.about_subject for m in before)


def _pronoun(s: Sentence, k: int) -> Mention:
    return Mention(k, k + 1, s.subject, ANAPHOR, True)


def antecedent(s: Sentence, r: int) -> Agent | None:
    """What a relative pronoun at token r refers back to."""
    doc = s.doc
    k = r - 1
    while k >= s.start and doc[k].text in (",", '"', "“", "”", "'", "’"):
        k -= 1
    if k < s.start:
        return None
    m = s.mention_at(k)
    if m is not None:
        if (
            m.start - 1 >= s.start
            and doc[m.start - 1].lower_ in ("of", "the")
            and doc[r].text == ","
        ):
            return None  # "a division of Samsung, founded in 2011": the division, not Samsung
        mentions = [m]
        j = m.start - 1
        while j > s.start:
            if doc[j].lower_ in ("and", ",", "or"):
                p = j - 1
                if doc[p].text == "," or doc[p].lower_ == "and":
                    p -= 1
                pm = s.mention_at(p)
                if pm is not None:
                    mentions.insert(0, pm)
                    j = pm.start - 1
                    continue
            break
        return Agent(tuple(mentions), inherited=True)
    # a generic noun phrase: "a Syrian paramilitary militia, that …" after a copula
    j = k
    while j > s.start and not verbish(doc[j]) and doc[j].lower_ not in ("a", "an", "the"):
        if doc[j].text in (",", ";", "(", ")"):
            return None
        j -= 1
    if doc[j].lower_ in ("a", "an", "the") and j - 1 >= s.start and doc[j - 1].lower_ in _COPULA:
        agent = agent_before(s, j - 1)
        if agent is not None:
            return Agent(agent.mentions, inherited=True)
    return None


_VERB_SLOT = AUXILIARIES | frozenset(
    [
        "and",
        "or",
        ",",
        ";",
        ":",
        "—",
        "–",
        "(",
        "who",
        "which",
        "that",
        "it",
        "they",
        "also",
        "then",
        "later",
        "personally",
        "loosely",
        "officially",
        "reportedly",
        "allegedly",
        "largely",
        "mainly",
        "mostly",
        "directly",
        "partly",
        "jointly",
        "heavily",
        "initially",
        "originally",
        "first",
    ]
)


def participle_agent(s: Sentence, a: int) -> Agent | None:
    """The subject of a passive participle at token a ("led by", "backed by").

    After an auxiliary, a comma or "and" the participle is a verb of the
    clause, and its subject is the clause's. Right after a noun it only
    modifies that noun ("an offensive led by X", "the Homs branch backed by
    Y"): the agent is that noun when it names the subject or a sub-unit, and
    nobody otherwise.
    """
    k = a - 1
    while k >= s.start and s.doc[k].lower_.endswith("ly") and s.doc[k].lower_ not in _VERB_SLOT:
        k -= 1
    if k < s.start or s.doc[k].lower_ in _VERB_SLOT or s.doc[k].text in _VERB_SLOT:
        return agent_before(s, a)
    m = s.mention_at(k)
    if m is not None and m.end == k + 1 and m.label in (SUBJECT, ANAPHOR, SUBUNIT):
        return Agent((m,))
    return None


def agent_before(s: Sentence, i: int, depth: int = 0) -> Agent | None:
    """The subject of the clause whose verb starts at token i."""
    if depth > 4:
        return None
    b, kind, opener = clause_start(s, i)
    k = strip_fronting(s, b, i)
    while k < i and (s.doc[k].lower_ in _FLOATING or s.doc[k].text in _QUOTES):
        k += 1
    if k < i and not verbish(s.doc[k]):
        e = noun_phrase_end(s, k, i)
        agent = interpret(s, k, e)
        if agent is None and e < i and s.doc[e].text == ",":
            agent = _apposition(s, e + 1, i)  # "a French company, Veltra Security, trained …"
        if agent is not None or e > k:
            return agent
    if kind == "relative":
        return antecedent(s, opener)
    if (
        kind == "comma"
        and s.doc[b].lower_.endswith("ed")
        and s.doc[b].lower_ not in VERB_GROUP
        and b + 1 < s.end
        and s.doc[b + 1].lower_ in _PASSIVE_FOLLOWERS
    ):
        # "the NDF, formed in 2012, …", "chairs …, created by four designers": the noun before
        return antecedent(s, opener)
    if kind in ("and", "comma") or kind == "subordinate" and s.doc[opener].lower_ == "while":
        agent = agent_before(s, opener, depth + 1)
        return Agent(agent.mentions, inherited=True) if agent else None
    return None


_FORCES_OF = frozenset(
    [
        "forces",
        "troops",
        "units",
        "fighters",
        "positions",
        "elements",
        "members",
        "militias",
        "militants",
    ]
)
_NAME_HEADS = frozenset(["coalition", "alliance", "movement", "front", "network", "council"])
_OBJECT_FOLLOWERS = frozenset(
    [
        "and",
        "or",
        "in",
        "at",
        "on",
        "near",
        "from",
        "during",
        "since",
        "until",
        "between",
        "across",
        "inside",
        "outside",
        "around",
        "as",
        "for",
        "with",
        "after",
        "before",
        "while",
        "when",
        "who",
        "which",
        "that",
        "whose",
        "to",
        "by",
        "over",
        "under",
        "against",
        "into",
        "throughout",
        "along",
        "among",
        "within",
    ]
)


def _modifies_noun(tok: Token) -> bool:
    """A lower-case word right after a name that is not a preposition or conjunction."""
    return (
        tok.is_alpha and tok.is_lower and tok.lower_ not in _OBJECT_FOLLOWERS and not verbish(tok)
    )


def objects_after(s: Sentence, i: int, *, limit: int | None = None) -> tuple[list[Mention], int]:
    """The names a verb or preposition at i governs: "from Iran and Hezbollah"."""
    doc = s.doc
    end = min(s.end, limit if limit is not None else s.end)
    out: list[Mention] = []
    j = i
    budget = 4
    while j < end:
        tok = doc[j]
        m = s.mention_starting(j)
        if m is None and (inner := s.mention_at(j)) is not None and inner.start < j:
            m = None
            break
        if m is not None:
            k = m.end
            if (
                k < end
                and doc[k].lower_ in _APPOSITION_NOUNS
                and (nm := s.mention_starting(k + 1)) is not None
            ):
                m, k = nm, nm.end
            out.append(m)
            if k < end and doc[k].text == "(":
                close = next((x for x in range(k, end) if doc[x].text == ")"), None)
                k = end if close is None else close + 1
            if k + 1 < end and doc[k].text in _QUOTES and doc[k + 1].lower_ in _TRAILING_NOUNS:
                k += 2  # "the Iranian 'Basij' militia"
            elif k < end and doc[k].lower_ in _TRAILING_NOUNS:
                k += 1
            elif k < end and doc[k].lower_ in _NAME_HEADS and m.label in ("OTHER", "ORG"):
                # "the Nyatura coalition": the common noun is part of how it is named
                m = Mention(
                    m.start,
                    k + 1,
                    EntityRef(doc[m.start : k + 1].text, Kind.ORGANISATION),
                    m.label,
                    False,
                )
                out[-1] = m
                k += 1
            elif k < end and (
                _modifies_noun(doc[k])
                or doc[k].text in _QUOTES
                and k + 1 < end
                and _modifies_noun(doc[k + 1])
            ):
                out.pop()  # "local Dogon hunters": Dogon describes the hunters
                break
            j = k
            if j < end and doc[j].text == ",":
                j += 1
            if j < end and doc[j].lower_ in ("and", "or"):
                j += 1
            elif j < end and doc[j].lower_ == "as" and j + 2 < end and doc[j + 1].lower_ == "well":
                j += 3
            elif j < end and doc[j].lower_ == "along" and j + 1 < end:
                j += 2
            if j > k:
                budget = 5
                continue
            break
        if budget <= 0:
            break
        low = tok.lower_
        country = gazetteer.demonym(tok.text) if tok.text[:1].isupper() else None
        if (
            country is not None
            and j + 1 < end
            and doc[j + 1].lower_ in _STATE_NOUNS
            and s.mention_at(j) is None
        ):
            # "against Syrian government forces": the Syrian state
            k = j + 2
            while k < end and doc[k].lower_ in _STATE_NOUNS:
                k += 1
            out.append(Mention(j, k, EntityRef(country, Kind.PLACE), PLACE, False))
            j = k
            if j < end and doc[j].lower_ in ("and", "or"):
                j += 1
                budget = 5
                continue
            break
        if out and low == "of" and j + 1 < end:
            # "… and right-wing paramilitaries of the Black Eagles"
            k = j + 1 + (doc[j + 1].lower_ == "the")
            if s.mention_starting(k) is not None:
                j = k
                continue
        if (
            low in DETERMINERS
            or tok.text in ('"', "“", "”", "'", "‘", "’")
            or ethnic_adjective(tok.text)
            or low in ROLE_NOUNS
            or low in ("so-called", "rival", "local", "fellow", "own")
            or (
                out
                and (tok.text == "-" or tok.is_alpha and tok.is_lower)
                and low not in _OBJECT_FOLLOWERS
            )
        ):
            budget -= 1
            j += 1
            continue
        if (
            not out
            and low in _FORCES_OF
            and j + 2 < end
            and doc[j + 1].lower_ == "of"
            and (s.mention_starting(j + 2) or doc[j + 2].lower_ == "the")
        ):
            j += 2  # "engaged forces of the Bosnian Serb Army"
            continue
        if (
            not out
            and tok.is_alpha
            and tok.is_lower
            and low not in _OBJECT_FOLLOWERS
            and (not verbish(tok) or low.endswith("ed"))
            and j + 1 < end
            and (nm := s.mention_starting(j + 1)) is not None
            and nm.label in ("ORG", "OTHER", "SUBUNIT")
        ):
            j += 1  # "the smaller Hawk Company"
            budget -= 1
            continue
        if not out and tok.is_alpha and tok.is_lower and low not in _OBJECT_FOLLOWERS:
            # "the former schoolteacher Tomás Ibarra": a description before a person's name
            ahead = next(
                (x for x in range(j + 1, min(end, j + budget + 1)) if s.mention_starting(x)), None
            )
            m = s.mention_starting(ahead) if ahead is not None else None
            if (
                m is not None
                and m.label == PERSON
                and not any(
                    doc[x].lower_ in _OBJECT_FOLLOWERS or not doc[x].is_alpha
                    for x in range(j, ahead)
                )
            ):
                budget -= ahead - j
                j = ahead
                continue
        break
    return out, j
