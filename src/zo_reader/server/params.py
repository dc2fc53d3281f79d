"""Query parameters of the API: read strictly, refused with one plain sentence.

Unknown parameters are ignored (clients may send more than this version
knows); a known one given twice, out of range or malformed is an error, so a
typo never silently returns a different page. Nothing here imports Starlette:
parameters arrive as ``(name, value)`` pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zo_reader.core.index import SortOrder
from zo_reader.core.query import MAX_QUERY_CHARS

DEFAULT_PER_PAGE = 20
"""Articles on a page when ``per_page`` is not given."""

MAX_PER_PAGE = 100
"""The largest ``per_page`` accepted."""

MAX_PAGE = 1_000_000
"""The largest ``page`` accepted; keeps the row offset far from integer overflow."""

MAX_TAGS = 20
"""The most ``tag`` parameters one request may carry."""

MAX_TAG_CHARS = 200
"""The longest ``tag`` value accepted."""

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class ParamError(ValueError):
    """A query parameter that cannot be used; the message is one plain sentence."""


@dataclass(frozen=True, slots=True)
class ListParams:
    """What ``GET /api/v1/articles`` was asked for.

    Attributes:
        query: The search, or ``None`` to list (an empty ``q`` lists too).
        tags: Tags every article must carry.
        sort: List order; ignored with a query, whose results are ranked.
        page: The 1-based page.
        per_page: Articles on a page.
        drafts: Whether drafts are included.
    """

    query: str | None = None
    tags: tuple[str, ...] = ()
    sort: SortOrder = "date"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    drafts: bool = False

    @property
    def offset(self) -> int:
        """How many articles come before this page."""
        return (self.page - 1) * self.per_page


class _Params:
    """Parameters grouped by name, with strict readers for single values."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = {}
        for name, value in items:
            self.values.setdefault(name, []).append(value)

    def one(self, name: str) -> str | None:
        values = self.values.get(name, [])
        if len(values) > 1:
            raise ParamError(f"The parameter {name} was given more than once.")
        return values[0] if values else None

    def number(self, name: str, default: int, highest: int) -> int:
        text = self.one(name)
        if text is None:
            return default
        # isdigit() alone accepts other scripts' digits and int() accepts "+5", " 5", "1_0".
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(highest))):
            raise ParamError(f"{name} must be a whole number from 1 to {highest}.")
        value = int(text)
        if not 1 <= value <= highest:
            raise ParamError(f"{name} must be a whole number from 1 to {highest}.")
        return value

    def flag(self, name: str) -> bool:
        text = self.one(name)
        if text is None:
            return False
        try:
            return _BOOLEANS[text.lower()]
        except KeyError:
            raise ParamError(f"{name} must be true or false.") from None

    def tags(self) -> tuple[str, ...]:
        given = [tag for tag in self.values.get("tag", []) if tag.strip()]
        if len(given) > MAX_TAGS:
            raise ParamError(f"At most {MAX_TAGS} tag parameters can be given.")
        if any(len(tag) > MAX_TAG_CHARS for tag in given):
            raise ParamError(f"A tag must be at most {MAX_TAG_CHARS} characters long.")
        return tuple(given)


def list_params(items: Iterable[tuple[str, str]]) -> ListParams:
    """Read the parameters of ``GET /api/v1/articles``.

    Raises:
        ParamError: A parameter is repeated, malformed or out of range.
    """
    params = _Params(items)
    query = params.one("q")
    if query is not None and len(query) > MAX_QUERY_CHARS:
        raise ParamError(f"q must be at most {MAX_QUERY_CHARS} characters long.")
    sort = params.one("sort") or "date"
    if sort not in ("date", "title", "changed"):
        raise ParamError("sort must be date, title or changed.")
    return ListParams(
        query=query if query and query.strip() else None,
        tags=params.tags(),
        sort="title" if sort == "title" else "changed" if sort == "changed" else "date",
        page=params.number("page", 1, MAX_PAGE),
        per_page=params.number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        drafts=params.flag("drafts"),
    )


def tag_params(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, ...], bool]:
    """Read the parameters of ``GET /api/v1/tags``: the tags to count within, and drafts.

    Raises:
        ParamError: A parameter is repeated or malformed.
    """
    params = _Params(items)
    return params.tags(), params.flag("drafts")


def drafts_param(items: Iterable[tuple[str, str]]) -> bool:
    """Read ``drafts`` alone (``GET /api/v1/articles/{id}``).

    Raises:
        ParamError: It is repeated or not true or false.
    """
    return _Params(items).flag("drafts")
