"""Split a file's text into front matter and body, and parse the front matter.

YAML between ``---`` fences (Jekyll, Obsidian) and TOML between ``+++`` fences
(Hugo) are understood. A UTF-8 BOM and CRLF line endings are tolerated. Bad
front matter never loses the article: the body is kept and a warning says what
was wrong, with the line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# The opening fence must be the very first line; the closing one a line of its own.
# YAML may also close with "..." (the YAML end-of-document marker).
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_YAML_SIZE_LIMIT = 64 * 1024  # front matter this large is surely not front matter


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The result of splitting a document.

    Attributes:
        fields: Parsed front-matter fields (empty when there are none or they are invalid).
        body: The text after the front matter (the whole text when there is none).
        body_line: 1-based line number in the file where ``body`` starts.
        problems: ``(code, message, line)`` for each problem found.
    """

    fields: dict[str, Any]
    body: str
    body_line: int = 1
    problems: tuple[tuple[str, str, int], ...] = field(default=())


def normalise_newlines(text: str) -> str:
    """Drop a leading BOM and turn CRLF and lone CR into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into front-matter fields and body.

    Args:
        text: The whole file, already decoded.

    Returns:
        The fields, the body and any problems. Never raises for bad input.
    """
    text = normalise_newlines(text)
    first_line, _, rest = text.partition("\n")
    fence = first_line.rstrip()
    if fence not in _FENCES:
        return FrontMatter(fields={}, body=text)
    closers = _FENCES[fence]
    closing = re.search(
        "^(?:" + "|".join(re.escape(c) for c in closers) + r")[ \t]*$", rest, re.MULTILINE
    )
    kind = "YAML" if fence == "---" else "TOML"
    if closing is None:
        return FrontMatter(
            fields={},
            body=text,
            problems=(
                (
                    "frontmatter-unclosed",
                    f"The {kind} front matter opened on line 1 is never closed; "
                    "the whole file is shown as text.",
                    1,
                ),
            ),
        )
    raw = rest[: closing.start()]
    after = rest[closing.end() :].removeprefix("\n")
    body = after.lstrip("\n")  # blank lines between the fence and the text carry nothing
    body_line = 2 + raw.count("\n") + 1 + (len(after) - len(body))
    parsed, problem = _parse_yaml(raw) if kind == "YAML" else _parse_toml(raw)
    problems = ((problem[0], problem[1], 1 + problem[2]),) if problem else ()
    return FrontMatter(fields=parsed, body=body, body_line=body_line, problems=problems)


def _parse_yaml(raw: str) -> tuple[dict[str, Any], tuple[str, str, int] | None]:
    """Parse YAML safely; return the mapping and a problem (code, message, line in block)."""
    if not raw.strip():
        return {}, None
    if len(raw) > _YAML_SIZE_LIMIT:
        return {}, ("frontmatter-invalid", "The front matter is too large to be metadata.", 1)
    import yaml  # imported on demand: a re-sync of unchanged files never parses YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(raw, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or "it is not valid YAML"
        return {}, ("frontmatter-invalid", f"The YAML front matter is invalid: {reason}.", line)
    except RecursionError:
        return {}, ("frontmatter-invalid", "The YAML front matter is nested too deeply.", 1)
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        # PyYAML's constructors raise these for values that match a type's pattern but
        # are not one: "date: 2026-02-30", "!!int x", "!!timestamp 1", 5,000 digits.
        reason = _value_problem(error)
        return {}, ("frontmatter-invalid", f"The YAML front matter is invalid: {reason}.", 1)
    return _as_mapping(data, "YAML")


def _parse_toml(raw: str) -> tuple[dict[str, Any], tuple[str, str, int] | None]:
    """Parse TOML; return the table and a problem (code, message, line in block)."""
    import tomllib

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or 1
        message = str(error).split(" (at ")[0]
        return {}, ("frontmatter-invalid", f"The TOML front matter is invalid: {message}.", line)
    except RecursionError:
        return {}, ("frontmatter-invalid", "The TOML front matter is nested too deeply.", 1)
    except ValueError as error:  # from tomllib's own int(): an integer of 5,000 digits
        reason = _value_problem(error)
        return {}, ("frontmatter-invalid", f"The TOML front matter is invalid: {reason}.", 1)
    return _as_mapping(data, "TOML")


def _value_problem(error: Exception) -> str:
    """A short reason for a value a parser matched but could not build."""
    message = str(error)
    if "integer string conversion" in message:
        return "a number has more than 4,300 digits"
    if isinstance(error, ValueError) and message:
        return message.split(";")[0].rstrip(".")  # "day is out of range for month"
    return "a value cannot be read as the type it is given"


def _as_mapping(data: object, kind: str) -> tuple[dict[str, Any], tuple[str, str, int] | None]:
    """Accept a mapping with string keys; anything else is a problem."""
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, (
            "frontmatter-invalid",
            f"The {kind} front matter is not a set of 'key: value' fields.",
            1,
        )
    return {str(key).strip().lower(): value for key, value in data.items()}, None
