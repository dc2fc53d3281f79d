"""Search queries: turning what a user types into a safe SQLite FTS5 query.

The user syntax is small and forgiving::

    sleep walk              both words (AND is implicit; an uppercase AND is ignored)
    "evening walk"          a phrase
    walk*                   words starting with "walk"
    -alcohol  NOT alcohol   exclude rows matching a word or a phrase
    sleep OR rest           either; binds tighter than AND, so a b OR c is a AND (b OR c)
    title:sleep             the term must be in the title (also title:"a phrase", title:walk*)
    tag:sleep               a tag filter (also tag:"two words"), returned as normalised keys

Nothing a user types is passed to FTS5 as syntax: every term becomes an FTS5
string literal, and the operators between them are written by this module.
Odd input (unbalanced quotes, dangling operators, punctuation, control
characters, huge input) is repaired or dropped, never rejected, so
:func:`parse_query` does not raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zo_reader.core.sanitize import clean_line
from zo_reader.core.tags import normalise_tag

MAX_QUERY_CHARS = 1000
"""Input beyond this many characters (after cleaning) is ignored."""

MAX_QUERY_TERMS = 64
"""Terms, excluded terms and tags beyond this many are ignored."""

# clean_line removes controls and bidi overrides; lone surrogates (from
# surrogateescape-decoded arguments) would make sqlite3 fail to encode the query.
_SURROGATES = re.compile("[\ud800-\udfff]")
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_TITLE_PREFIX = "title:"
_TAG_PREFIX = "tag:"


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase of a query.

    Attributes:
        text: The word or phrase as typed, without quotes or a trailing ``*``.
        phrase: Whether the user quoted it.
        prefix: Whether it matches any word starting with its last word (``walk*``).
        column: ``"title"`` when restricted to the title, else ``None`` (all columns).
    """

    text: str
    phrase: bool = False
    prefix: bool = False
    column: str | None = None

    def to_fts(self) -> str:
        """This term as an FTS5 expression: a string literal, with prefix and column filter."""
        literal = '"' + self.text.replace('"', '""') + '"'
        if self.prefix:
            literal += " *"
        return f"{self.column} : {literal}" if self.column else literal

    def describe(self) -> str:
        """This term in plain words, for a status line or a screen reader."""
        text = f'"{self.text}"' if self.phrase else self.text
        if self.prefix:
            text = f"words starting with {text}"
        return f"{text} in the title" if self.column else text


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed search, ready for the index.

    Attributes:
        match: FTS5 MATCH expression for the positive terms; ``None`` if there are none.
        exclude: FTS5 MATCH expression; rows matching it must be excluded; ``None`` if none.
        tags: Required tag keys (all of them), normalised with :func:`normalise_tag`.
        terms: The positive words and phrases, as typed (for "12 results for sleep").
        groups: The positive terms as AND-ed groups of OR-ed terms; ``match`` is built from them.
        excluded: The excluded terms; ``exclude`` is built from them.
    """

    match: str | None = None
    exclude: str | None = None
    tags: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the query asks for nothing: no match, no exclusion and no tags."""
        return self.match is None and self.exclude is None and not self.tags


@dataclass(frozen=True, slots=True)
class _Item:
    """A term or tag read from the input, before operators are applied."""

    term: Term | None = None
    tag: str | None = None
    negated: bool = False


def _read_phrase(text: str, pos: int) -> tuple[str, bool, int]:
    """Read a quoted phrase whose opening quote is at ``pos``.

    An unbalanced quote runs to the end of the input. A ``*`` right after the
    closing quote makes the phrase a prefix.

    Returns:
        The phrase text (inner spaces collapsed), whether it is a prefix, and the next position.
    """
    end = text.find('"', pos + 1)
    if end == -1:
        end = len(text)
    phrase = " ".join(text[pos + 1 : end].split())
    pos = end + 1
    prefix = pos < len(text) and text[pos] == "*"
    while pos < len(text) and text[pos] == "*":
        pos += 1
    return phrase, prefix, pos


def _read_word(text: str, pos: int) -> tuple[str, int]:
    """Read from ``pos`` up to whitespace or a quote; return the text and the next position."""
    end = pos
    while end < len(text) and not text[end].isspace() and text[end] != '"':
        end += 1
    return text[pos:end], end


def _has_prefix(text: str, pos: int, prefix: str) -> bool:
    """Whether ``text`` has ``prefix`` at ``pos``, ignoring ASCII case (phones capitalise)."""
    candidate = text[pos : pos + len(prefix)]
    return candidate.isascii() and candidate.lower() == prefix


def _tokens(text: str) -> list[str | _Item]:
    """Split cleaned input into operators (``"AND"``, ``"OR"``, ``"NOT"``) and items."""
    tokens: list[str | _Item] = []
    items = 0
    pos = 0
    while pos < len(text) and items < MAX_QUERY_TERMS:
        if text[pos].isspace():
            pos += 1
            continue
        negated = text[pos] == "-"
        if negated:
            pos += 1
        column: str | None = None
        is_tag = False
        if _has_prefix(text, pos, _TAG_PREFIX):
            is_tag, pos = True, pos + len(_TAG_PREFIX)
        elif _has_prefix(text, pos, _TITLE_PREFIX):
            column, pos = "title", pos + len(_TITLE_PREFIX)
        if pos < len(text) and text[pos] == '"':
            body, prefix, pos = _read_phrase(text, pos)
            quoted = True
        else:
            body, pos = _read_word(text, pos)
            prefix, quoted = body.endswith("*"), False
            body = body.rstrip("*")
            if body in _OPERATORS and not (negated or column or is_tag or prefix):
                tokens.append(body)
                continue
        if is_tag:
            key = normalise_tag(body)
            if key:
                tokens.append(_Item(tag=key, negated=negated))
                items += 1
        elif any(ch.isalnum() for ch in body):
            term = Term(text=body, phrase=quoted, prefix=prefix, column=column)
            tokens.append(_Item(term=term, negated=negated))
            items += 1
    return tokens


def _or_expression(terms: tuple[Term, ...]) -> str:
    """FTS5 expression for terms joined with OR, parenthesised when there are several."""
    if len(terms) == 1:
        return terms[0].to_fts()
    return "(" + " OR ".join(term.to_fts() for term in terms) + ")"


def parse_query(text: str) -> ParsedQuery:
    """Turn anything a user typed into a :class:`ParsedQuery` that FTS5 can run.

    Operators that cannot apply are dropped: a leading or trailing ``OR``, an
    ``OR`` next to an excluded term or a tag (exclusions and tags are always
    AND-ed), a ``NOT`` with no term after it, and every ``AND``. Terms with no
    letter or digit are dropped, as FTS5 would find nothing for them. An
    excluded tag (``-tag:x``) is dropped, because tags can only be required.

    Args:
        text: The search as typed; any string, including empty.

    Returns:
        The parsed query; :attr:`ParsedQuery.is_empty` when nothing searchable is left.
    """
    cleaned = _SURROGATES.sub("", clean_line(text))[:MAX_QUERY_CHARS]
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    tags: list[str] = []
    negate_next = False
    # An OR joins the next positive term to the current group only if it
    # directly follows a positive term; anything else in between breaks the chain.
    can_join = pending_or = False
    for token in _tokens(cleaned):
        if isinstance(token, str):
            # An operator right after NOT leaves that NOT with nothing to apply to.
            if token == "NOT":
                negate_next, pending_or = True, False
            elif token == "OR":
                pending_or, negate_next = can_join and not negate_next, False
            else:  # An explicit AND: the default, but it does end an OR chain.
                can_join = pending_or = negate_next = False
            continue
        negated, negate_next = token.negated or negate_next, False
        if token.tag is not None:
            if not negated and token.tag not in tags:
                tags.append(token.tag)
            can_join = pending_or = False
        elif token.term is not None and negated:
            excluded.append(token.term)
            can_join = pending_or = False
        elif token.term is not None:
            if pending_or:
                groups[-1].append(token.term)
            else:
                groups.append([token.term])
            can_join, pending_or = True, False
    frozen_groups = tuple(tuple(group) for group in groups)
    match = " AND ".join(_or_expression(group) for group in frozen_groups) or None
    exclude = " OR ".join(term.to_fts() for term in excluded) or None
    return ParsedQuery(
        match=match,
        exclude=exclude,
        tags=tuple(tags),
        terms=tuple(term.text for group in frozen_groups for term in group),
        groups=frozen_groups,
        excluded=tuple(excluded),
    )


def _describe_group(group: tuple[Term, ...], bracket: bool) -> str:
    """Plain words for one group of OR-ed terms, in brackets if it is one of several."""
    text = " or ".join(term.describe() for term in group)
    return f"({text})" if bracket and len(group) > 1 else text


def describe_query(query: ParsedQuery) -> str:
    """Describe a query in plain words, e.g. ``sleep and "evening walk", not alcohol, tag sleep``.

    Args:
        query: A query from :func:`parse_query`. For one built by hand without
            ``groups`` and ``excluded``, ``terms`` and ``tags`` are described.

    Returns:
        The description; ``everything`` for an empty query.
    """
    bracket = len(query.groups) > 1
    positive = [_describe_group(group, bracket) for group in query.groups] or list(query.terms)
    parts = [" and ".join(positive)] if positive else []
    parts += [f"not {term.describe()}" for term in query.excluded]
    if query.tags:
        label = "tag" if len(query.tags) == 1 else "tags"
        names = (f'"{tag}"' if " " in tag else tag for tag in query.tags)
        parts.append(f"{label} {' and '.join(names)}")
    return ", ".join(parts) or "everything"
