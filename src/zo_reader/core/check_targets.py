"""``check``'s links between articles: do they lead to an article, a heading, a picture?

Each article's links were collected alone (:mod:`zo_reader.core.check_links`);
here they are resolved with the whole library known: by path, by a note's
name anywhere in an Obsidian vault, by a site's address (Hugo, Jekyll), and a
picture by name in a vault.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from zo_reader.core.check_links import (
    SEVERITIES,
    ArticleFacts,
    Finding,
    LinkRef,
    missing_image,
)
from zo_reader.core.conventions.obsidian import WIKI_SCHEME
from zo_reader.core.file_names import site_link_hook
from zo_reader.core.link_names import LinkNames, Named
from zo_reader.core.links import resolve_link, shown_link

# A link to a bare word (``[page resource](g)``) is no path anyone writes to a
# page; in a site whose link template is its own, it is the template's keyword.
_BARE_WORD = re.compile(r"[A-Za-z0-9_-]+")


def link_findings(
    facts: Sequence[ArticleFacts],
    skipped: dict[str, str],
    root: str | None,
    anchors_of: Callable[[set[str]], dict[str, frozenset[str]]],
) -> list[Finding]:
    """Links to articles that do not exist, or to headings they do not have.

    Args:
        facts: Every article read.
        skipped: Files that could not be read, by the id they would have had.
        root: The library folder, where a link may lead to a file that is not
            an article (``None`` for a remote source).
        anchors_of: The heading anchors of some articles, by id; an article left out
            (its body could not be had) is not judged.
    """
    ids = {item.article_id for item in facts}
    folded = {article_id.casefold(): article_id for article_id in sorted(ids, reverse=True)}
    names = library_names(facts, root)
    findings: list[Finding] = []
    to_headings: list[tuple[ArticleFacts, LinkRef, str, str]] = []
    hook = site_link_hook(Path(root)) if root is not None else None
    by_site: dict[str, list[tuple[ArticleFacts, LinkRef]]] = {}

    def add(code: str, item: ArticleFacts, link: LinkRef, message: str) -> None:
        severity = SEVERITIES[code]
        findings.append(Finding(code, severity, item.path, link.line, message, item.article_id))

    for item in facts:
        for link in item.links:
            shown = shown_link(link.url)
            if link.image:
                problem = _missing_picture(link, item.link_path, root, names)
                if problem:
                    add("image-missing", item, link, problem)
                continue
            if link.url.startswith("#") and link.anchor:
                # Its own heading, or one of a snippet it includes (see article_facts).
                to_headings.append((item, link, item.article_id, link.anchor))
                continue
            target = resolve_link(link.url, item.link_path, names)
            if target.kind != "article" or not target.article_id:
                continue  # a file that is not an article, found by name: not ours to judge
            wanted = target.article_id
            if wanted in ids:
                if target.anchor:
                    to_headings.append((item, link, wanted, target.anchor))
                continue
            if root is not None and os.path.exists(os.path.join(root, wanted)):
                continue  # a file or folder that is not an article: not ours to judge
            if wanted in skipped:
                reason = f"{skipped[wanted]}, which could not be read"
            elif wanted.casefold() in folded:
                reason = f"no article (did you mean '{folded[wanted.casefold()]}'?)"
            elif hook is not None and _BARE_WORD.fullmatch(link.url.strip()):
                by_site.setdefault(link.url.strip(), []).append((item, link))
                continue
            else:
                reason = "no article"
            add("link-broken", item, link, f"The link '{shown}' leads to {reason}.")
    for url, uses in by_site.items():
        # Once per word, where it is first used: 748 links to Hugo's docs glossary
        # keyword ``g`` are one fact about the site, not 748 broken links.
        item, link = uses[0]
        times = "once" if len(uses) == 1 else f"{len(uses):,} times"
        message = (
            f"The link '{shown_link(url)}' (used {times}) names no article; the site's own"
            f" link template ({hook}) decides where it leads, so it is not checked."
        )
        add("link-by-site", item, link, message)
    included = {f.article_id: [i for i in f.includes if i in ids] for f in facts if f.includes}
    targets = {wanted for _, _, wanted, _ in to_headings}
    targets |= {snippet for wanted in targets for snippet in included.get(wanted, ())}
    anchors = anchors_of(targets) if to_headings else {}
    for item, link, wanted, anchor in to_headings:
        known = anchors.get(wanted)  # None: its body could not be had (reported)
        for snippet in included.get(wanted, ()):
            known = (known or frozenset()) | anchors.get(snippet, frozenset())
        if known is not None and anchor.lower() not in known:
            if wanted == item.article_id:
                message = f"The link '{shown_link(link.url)}' leads to no heading in this article."
            else:
                message = f"The link '{shown_link(link.url)}' leads to no heading of {wanted}."
            add("anchor-broken", item, link, message)
    return findings


def library_names(facts: Sequence[ArticleFacts], root: str | None) -> LinkNames:
    """What the checked articles answer to, for links by name and site address.

    A library is read as an Obsidian vault when it has ``.obsidian/`` or any
    of its notes uses a wikilink.
    """
    names = LinkNames(
        (Named(f.article_id, f.link_path, f.slug, f.addresses) for f in facts),
        root=Path(root) if root is not None else None,
    )
    if not names.vault:
        names.vault = any(_is_wiki(link.url) for f in facts for link in f.links)
    return names


def _missing_picture(link: LinkRef, from_path: str, root: str | None, names: LinkNames) -> str:
    """Why a picture not found beside its article is missing, or ``""`` when a vault has it."""
    wiki = _is_wiki(link.url)
    if (wiki or names.vault) and names.file(unquote(urlsplit(link.url).path), from_path):
        return ""
    if wiki or root is None:
        return f"The image '!{shown_link(link.url)}' is not in the library."
    return missing_image(link.url, from_path, root) or ""


def _is_wiki(url: str) -> bool:
    """Whether ``url`` is a wikilink's address (``wiki:Note``)."""
    return urlsplit(url.strip()).scheme.lower() == WIKI_SCHEME
