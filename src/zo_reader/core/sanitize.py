"""The one sanitiser between content and the terminal.

Everything that comes from an article or a server (titles, tags, bodies, URLs,
error messages quoting them) passes through :func:`clean_text` or
:func:`clean_line` before any output path prints it. Escape sequences are
removed whole, so no payload of an OSC, DCS or CSI sequence is left behind as
stray text; remaining C0 and C1 controls are dropped; bidirectional embedding,
override and isolate characters are removed so text cannot be reordered to
disguise itself (marks such as U+200E, which reorder nothing, are kept).

At the output end the same cleaning is typed: :func:`safe_line`,
:func:`safe_text` and :func:`clean_code` return :data:`CleanText`, and the
writers to the terminal (the CLI's ``echo`` and JSON encoder, line mode's
``say``, the TUI's status line, list rows, tag labels, headers and dialogs)
accept only that type, so mypy reports a raw ``str`` handed to one: the
second wall cannot be forgotten. Text the program writes itself goes through
:func:`ours`; clean pieces are put together with :func:`joined`. ``clean_line``
and ``clean_text`` stay ``str`` for the core, which cleans at ingestion and
then cuts and pieces the result together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import LiteralString, NewType

CleanText = NewType("CleanText", str)
"""Text that is safe to write to a terminal: what the functions here return.

Only this module (and the CLI's JSON encoder and bold text, which add
escapes of their own) may call ``CleanText(...)`` directly;
``tests/core/test_clean_text_type.py`` checks it.
"""

NO_TEXT = CleanText("")
"""The empty text, clean (a default for the typed writers)."""

# String-type sequences (OSC, DCS, SOS, PM, APC) in 7-bit (ESC x) and 8-bit (C1) form.
# Their payload runs to BEL or ST (ESC \ or U+009C). An unterminated one is
# removed to the end of the text: a terminal would have swallowed it all anyway.
_STRING_SEQUENCE = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$)"
# Control Sequence Introducer: parameters, intermediates, one final byte.
_CSI_SEQUENCE = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# Any other escape: ESC, optional intermediates, one final byte.
_OTHER_ESCAPE = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
_ESCAPES = re.compile(f"{_STRING_SEQUENCE}|{_CSI_SEQUENCE}|{_OTHER_ESCAPE}")

# Bidirectional embeddings, overrides and isolates (Trojan Source, CVE-2021-42574).
_BIDI = "\u202a-\u202e\u2066-\u2069"
# C0 controls except TAB and LF, DEL, C1 controls, and the bidi characters.
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_LINE_BREAKS = re.compile(r"[\t\n\u2028\u2029\u0085]+")
_SPACES = re.compile(r" {2,}")


def clean_text(text: str) -> str:
    """Return multi-line text that is safe to write to a terminal.

    Line feeds and tabs are kept; CR LF and lone CR become LF so that nothing
    can overwrite a line already shown.

    Args:
        text: Untrusted text from an article or a server.

    Returns:
        The text without escape sequences, control characters or bidi overrides.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def clean_line(text: str) -> str:
    """Return text that is safe to write to a terminal as part of one line.

    Like :func:`clean_text`, and line breaks and tabs become single spaces, so
    a title or tag cannot break the layout it is printed in.

    Args:
        text: Untrusted text from an article or a server.

    Returns:
        One line of safe text, trimmed.
    """
    if _CONTROLS.search(text) or "\r" in text:
        text = _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r", " ")))
    text = _LINE_BREAKS.sub(" ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
UNKNOWN_CODE = CleanText("unknown")
"""What a finding or warning code of the wrong shape is shown as."""
# What JSON's own escaping leaves raw (it escapes C0 only): C1 controls (U+009B is
# CSI on some terminals), bidi controls, and the line separators that break JavaScript.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")


def clean_code(code: str) -> CleanText:
    """A finding or warning code as shown: a short ``[a-z0-9-]`` word, else ``unknown``.

    Codes are for scripts to match on (``--ignore``, ``--json``); a server
    may send any text as one, so the shape is checked rather than cleaned.
    """
    return CleanText(code) if _CODE.fullmatch(code) else UNKNOWN_CODE


def safe_line(text: str) -> CleanText:
    """:func:`clean_line`, typed for a writer: one line of untrusted text to print."""
    return CleanText(clean_line(text))


def safe_text(text: str) -> CleanText:
    """:func:`clean_text`, typed for a writer: untrusted text of several lines to print."""
    return CleanText(clean_text(text))


def ours(text: str) -> CleanText:
    """Text the program wrote itself (a message, a label), as :data:`CleanText`.

    Meant for literals and f-strings of numbers and of parts already clean.
    It is still checked, which costs one regex search when the text is clean,
    as ours always is: content passed here by mistake comes out sanitised.
    """
    return safe_text(text)


def joined(separator: LiteralString, parts: Iterable[CleanText]) -> CleanText:
    """``separator.join(parts)``, typed: clean parts and a fixed separator stay clean.

    Only for a separator without controls (a comma, a newline), which a literal is.
    """
    return CleanText(separator.join(parts))


def clip(text: CleanText, length: int) -> CleanText:
    """The first ``length`` characters of clean text, still clean (a slice adds nothing)."""
    return CleanText(text[:length])


def part(text: CleanText, start: int, end: int | None = None) -> CleanText:
    """``text[start:end]`` of clean text, still clean (a line cut where it wraps)."""
    return CleanText(text[start:end])


# Inline text keeps its spaces but no line break: each becomes one space. Code keeps
# its line feeds and tabs; the other separators (VT, FF, NEL, U+2028/9) become spaces.
_INLINE_FLAT = str.maketrans(dict.fromkeys("\t\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))
_CODE_FLAT = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def safe_inline(text: str) -> CleanText:
    """Untrusted inline text, cleaned, every line break or tab a space (its spaces kept)."""
    return CleanText(clean_text(text).translate(_INLINE_FLAT))


def safe_code(text: str) -> CleanText:
    """Untrusted code, cleaned: line feeds and tabs kept, other line separators spaces."""
    return CleanText(clean_text(text).translate(_CODE_FLAT))


def clean_lines(text: CleanText) -> list[CleanText]:
    """The lines of clean text (split at line feeds), each still clean."""
    return [CleanText(line) for line in text.split("\n")]


def spaces(count: int) -> CleanText:
    """``count`` spaces (indents, padding), as clean text."""
    return CleanText(" " * max(count, 0))


def escape_json_controls(text: str) -> str:
    """JSON text with C1, DEL, bidi and line-separator characters written as ``\\uXXXX``.

    They can only stand inside JSON strings, where the escape means the same
    character: the document is unchanged for a parser, and inert in a terminal.
    """
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group(0)):04x}", text)


def is_clean(text: str) -> bool:
    """Whether ``text`` holds no character the sanitiser would remove (LF and TAB allowed)."""
    return "\r" not in text and not _CONTROLS.search(text)
