"""Jekyll's link tags, read as ordinary Markdown link addresses.

``{% post_url 2023-07-14-first-post %}`` and ``{% link _posts/x.md %}``
become ``ref:`` addresses (resolved like Hugo's ``ref``: by path from the
site's folder or by file name), and ``{{ site.baseurl }}/about/`` or
``{{ '/about/' | relative_url }}`` a site-root address (``/about/``), which a
``permalink:`` field may name. Code spans and code blocks are left alone;
every line stays where it was.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from zo_reader.core.conventions.hugo import REF_SCHEME
from zo_reader.core.conventions.obsidian import outside_code_spans
from zo_reader.core.markdown_text import classify_lines

_WORDS = (
    "post_url",
    "{% link",
    "{%- link",
    "site.baseurl",
    "site.url",
    "relative_url",
    "absolute_url",
)
# Bounded and brace-free inside, so the scan is linear on hostile input.
_TAG = re.compile(r"\{%-?[ \t]*(post_url|link)[ \t]+([^\s{}%]{1,500})[ \t]*-?%\}")
_BASEURL = re.compile(r"\{\{-?[ \t]*site\.(?:baseurl|url)[ \t]*-?\}\}")
_FILTERED = re.compile(
    r"\{\{-?[ \t]*[\"']([^\"'{}\n]{1,500})[\"'][ \t]*"
    r"\|[ \t]*(?:relative_url|absolute_url)[ \t]*-?\}\}"
)


def applies(body: str) -> bool:
    """Whether ``body`` may hold a Jekyll link tag (cheap: Hugo pages are full of ``{{``)."""
    return any(word in body for word in _WORDS)


def rewrite(body: str) -> str:
    """``body`` with Jekyll's link tags as addresses, line for line."""
    lines = body.split("\n")
    for line in classify_lines(body):
        text = line.text
        if line.in_code or ("{%" not in text and "{{" not in text):
            continue
        lines[line.number - 1] = outside_code_spans(text, _addresses)
    return "\n".join(lines)


def _addresses(text: str) -> str:
    text = _TAG.sub(_tag, text)
    text = _FILTERED.sub(lambda match: match.group(1), text)
    return _BASEURL.sub("", text)


def _tag(match: re.Match[str]) -> str:
    name, target = match.group(1), match.group(2)
    if name == "post_url":
        target = target if "/" in target else f"_posts/{target}"
    return f"{REF_SCHEME}:{quote(target, safe='/#')}"
