"""Hugo's link shortcodes, read as ordinary Markdown link addresses.

``[text]({{< ref "install" >}})`` and ``{{< relref "docs/install.md#part" >}}``
(``{{% ... %}}`` and ``path="..."`` too) become the address
``ref:install`` / ``ref:docs/install.md#part``, which
:mod:`zo_reader.core.links` resolves the way Hugo does: by path from the
content folder or the page's folder, or by the page's file name. A shortcode
outside a link becomes an autolink to the same address.

Any other shortcode used as a link's address (a site's own, such as
``{{% eturl rss %}}``) is made at build time from templates the library does
not have; it becomes ``hugo-shortcode:NAME``, which the reader says it cannot
open and ``check`` does not judge. A commented-out shortcode
(``{{</* ref "x" */>}}``, Hugo's way to show one as text) is left alone, as
are code spans and code blocks. Every line stays where it was.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from zo_reader.core.conventions.obsidian import outside_code_spans
from zo_reader.core.markdown_text import classify_lines

REF_SCHEME = "ref"
"""The scheme of the addresses ``ref`` and ``relref`` shortcodes become."""

SHORTCODE_SCHEME = "hugo-shortcode"
"""The scheme of a link address made by another shortcode (not judged)."""

# {{< name args >}} or {{% name args %}}: no braces inside, bounded, so the scan is linear.
_SHORTCODE = re.compile(r"\{\{([<%])[ \t]*(?!/\*)([A-Za-z][\w.-]{0,60})([^{}\n]{0,500}?)[>%]\}\}")
_DEFINITION = re.compile(r" {0,3}\[[^\[\]]{1,500}\]:[ \t]*")  # "[name]: " before an address
_CODE_OPEN = re.compile(r"\{\{[<%][ \t]*(code-toggle|code|highlight)\b[^{}\n]{0,500}?[>%]\}\}")
_CODE_CLOSE = re.compile(r"\{\{[<%][ \t]*/[ \t]*([\w.-]{1,60})[ \t]*[>%]\}\}")
_ARGUMENT = re.compile(r"""(?:path[ \t]*=[ \t]*)?(["`])([^"`\n]{0,500})\1""")


def applies(body: str) -> bool:
    """Whether ``body`` may hold a shortcode (cheap)."""
    return "{{<" in body or "{{%" in body


def code_lines(body: str) -> frozenset[int]:
    """1-based lines inside a shortcode that shows code (``code-toggle``, ``highlight``).

    Their text is configuration or source, shown as written: ``[[menus.main]]``
    there is TOML, not a wikilink.
    """
    inside: set[int] = set()
    closing: str | None = None
    for number, text in enumerate(body.split("\n"), 1):
        if closing is not None:
            if "{{" in text and closing in _closers(text):
                closing = None
            else:
                inside.add(number)
            continue
        opening = _CODE_OPEN.search(text) if "{{" in text else None
        if opening is None or opening.group(0).endswith("/>}}"):
            continue
        if opening.group(1) not in _closers(text[opening.end() :]):
            closing = opening.group(1)
    return frozenset(inside)


def _closers(text: str) -> set[str]:
    """The names of the shortcodes closed on ``text`` (``{{< /code >}}``, ``{{</ code >}}``)."""
    return {found.group(1) for found in _CODE_CLOSE.finditer(text)}


def rewrite(body: str, skip: frozenset[int] = frozenset()) -> str:
    """``body`` with link shortcodes as addresses, line for line.

    Args:
        body: The Markdown.
        skip: 1-based lines to leave as they are (see :func:`code_lines`).
    """
    lines = body.split("\n")
    for line in classify_lines(body):
        text = line.text
        if line.in_code or ("{{<" not in text and "{{%" not in text) or line.number in skip:
            continue
        lines[line.number - 1] = outside_code_spans(text, _addresses)
    return "\n".join(lines)


def _addresses(text: str) -> str:
    return _SHORTCODE.sub(_address, text)


def _address(match: re.Match[str]) -> str:
    name, arguments = match.group(2), match.group(3)
    text, start = match.string, match.start()
    if text.endswith("<", 0, start):  # an address in angle brackets
        start -= 1
    in_link = text.endswith("](", 0, start) or (
        start <= 520 and _DEFINITION.fullmatch(text, 0, start) is not None
    )
    if name.lower() in ("ref", "relref"):
        found = _ARGUMENT.search(arguments)
        if found is None or not found.group(2).strip():
            return match.group(0)
        address = f"{REF_SCHEME}:{quote(found.group(2).strip(), safe='/#')}"
        return address if in_link else f"<{address}>"
    if in_link:
        return f"{SHORTCODE_SCHEME}:{quote(name, safe='')}"
    return match.group(0)
