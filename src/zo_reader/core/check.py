"""``zo-reader check``: what a content tester should hear about, file by file.

Two ways in, one set of findings:

* :func:`check_folder` reads a folder directly, without the search index: a
  check should see the files as they are now, write nothing, and be fast. It
  parses in worker processes, one per core, from :data:`PARALLEL_FROM` files.
* :func:`check_library` checks a synced :class:`~zo_reader.core.index.Library`,
  which is how a remote source is checked: the summaries the API listed, and
  each body fetched once (a body already downloaded and unchanged is reused).

Each article is first checked alone (:mod:`zo_reader.core.check_links`); then
the whole library is: duplicates, links to other articles and their headings,
and tags spelled several ways. Findings come sorted by path, line and code.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from zo_reader.core.check_links import (
    SEVERITIES,
    ArticleFacts,
    Finding,
    article_facts,
    heading_anchors,
)
from zo_reader.core.check_targets import link_findings
from zo_reader.core.conventions.hugo_bundles import headless_folders
from zo_reader.core.errors import ZoReaderError
from zo_reader.core.frontmatter import normalise_newlines, split_front_matter
from zo_reader.core.loading import PARALLEL_FROM
from zo_reader.core.models import Article, ScanWarning, Severity
from zo_reader.core.sources.base import SourceEntry
from zo_reader.core.sources.folder import FolderSource, article_id_for
from zo_reader.core.tags import normalise_tag

if TYPE_CHECKING:
    from zo_reader.core.index import Library, SyncReport

__all__ = [
    "CODES",
    "SEVERITIES",
    "CheckReport",
    "Finding",
    "check_folder",
    "check_library",
    "served_from_copies",
]

CODES: tuple[str, ...] = tuple(SEVERITIES)
"""The stable finding codes."""

_BATCH = 100  # files per task sent to a worker
_Result = TypeVar("_Result")


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The findings of one check and what was looked at.

    Attributes:
        findings: Sorted by path, line and code.
        checked: Files (or remote articles) looked at, skipped ones included.
        bodies: Whether article bodies were checked (a remote check may skip them).
        requests: HTTP requests the remote source made, its sync included; ``None`` for a folder.
        downloaded: Bodies a remote check had to download (the rest were stored).
    """

    findings: tuple[Finding, ...]
    checked: int
    bodies: bool = True
    requests: int | None = None
    downloaded: int = 0

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors

    @property
    def paths(self) -> int:
        """How many files (or remote articles) have at least one finding."""
        return len({finding.path for finding in self.findings})

    def failed(self, *, strict: bool = False) -> bool:
        """Whether the check fails: errors, or with ``strict`` any finding."""
        return bool(self.findings) if strict else self.errors > 0

    def without(self, codes: Iterable[str]) -> CheckReport:
        """The same report without findings of ``codes``."""
        dropped = set(codes)
        kept = tuple(finding for finding in self.findings if finding.code not in dropped)
        return replace(self, findings=kept)


@dataclass(frozen=True, slots=True)
class _Scanned:
    """One folder entry after loading: its scan warnings and, if it was read, its facts."""

    path: str
    warnings: tuple[ScanWarning, ...]
    facts: ArticleFacts | None


_PAGE_ONLY = frozenset({"title-missing", "duplicate-title"})
"""What only a page is asked for: a snippet of a Hugo headless bundle is none."""


def check_folder(source: FolderSource, *, workers: int | None = None) -> CheckReport:
    """Check every file of a folder source, reading the files themselves.

    Args:
        source: The folder.
        workers: Worker processes for large folders (default: one per usable core).
    """
    root = str(source.root)
    entries = list(source.entries())
    workers = _cores() if workers is None else workers
    scanned: list[_Scanned] = _run(_scan_batch, source, entries, workers)
    findings = [
        _from_warning(warning, item.facts.article_id if item.facts else None)
        for item in scanned
        for warning in item.warnings
    ]
    facts = [item.facts for item in scanned if item.facts is not None]
    findings.extend(_duplicates(facts, "id", lambda f: f.article_id))  # a.md and a.txt
    by_id = {f.article_id: f for f in facts}
    entry_of = {entry.path: entry for entry in entries}

    def anchors_of(targets: set[str]) -> dict[str, frozenset[str]]:
        known = _known_anchors(by_id, targets)
        wanted = [entry_of[by_id[t].link_path] for t in sorted(targets - known.keys())]
        found: list[tuple[str, frozenset[str]]] = _run(_anchors_batch, source, wanted, workers)
        return {**known, **{article_id_for(path): anchors for path, anchors in found}}

    skipped = {article_id_for(item.path): item.path for item in scanned if item.facts is None}
    locate = _Locator(root)
    findings.extend(_library_findings(facts, skipped, root, anchors_of, locate))
    if snippets := headless_folders(source.root, entry_of):
        # Snippets Hugo never renders as pages need no title, let alone their own.
        findings = [
            finding
            for finding in findings
            if finding.code not in _PAGE_ONLY or not finding.path.startswith(snippets)
        ]
    return _report(findings, locate, checked=len(entries))


def check_library(library: Library, *, bodies: bool = True) -> CheckReport:
    """Check what a synced library holds; a remote body is fetched when it is not stored.

    Args:
        library: The library, synced.
        bodies: Whether to check bodies (false: only what the list of summaries
            says, which for a remote source costs no request).
    """
    source = library.source
    root = str(source.root) if isinstance(source, FolderSource) else None
    remote = library.remote
    findings: list[Finding] = []
    facts: list[ArticleFacts] = []
    article_of: dict[str, str] = {}  # path -> article id
    downloaded = 0
    for summary in library.list_articles(drafts=True):
        article = Article(summary, "", path=summary.id, complete=False)
        if bodies:
            stored = remote is None or library.is_complete(summary.id)
            try:
                article = library.get(summary.id)
            except ZoReaderError as error:
                code = "body-unavailable"
                findings.append(
                    Finding(code, SEVERITIES[code], summary.id, None, str(error), summary.id)
                )
            downloaded += not stored
        article_of[article.path] = article.id
        where = article.path if remote is None else article.id
        checked_body = bodies and article.complete
        facts.append(article_facts(article, path=where, root=root, body=checked_body))
    warnings = library.warnings()  # after the fetches, which may have added some
    findings.extend(_from_warning(w, article_of.get(w.path)) for w in warnings)
    skipped = {article_id_for(w.path): w.path for w in warnings if w.path not in article_of}

    by_id = {item.article_id: item for item in facts}

    def anchors_of(targets: set[str]) -> dict[str, frozenset[str]]:
        found = _known_anchors(by_id, targets)
        for target in targets - found.keys():
            try:
                found[target] = heading_anchors(library.get(target).reading_body)
            except ZoReaderError:
                continue  # already a body-unavailable finding
        return found

    locate = _Locator(root) if root is not None else None
    findings.extend(_library_findings(facts, skipped, root, anchors_of, locate))
    requests = remote.http.stats.requests if remote is not None else None
    checked = len(article_of.keys() | set(skipped.values()))
    return _report(
        findings,
        locate,
        checked=checked,
        bodies=bodies,
        requests=requests,
        downloaded=downloaded,
    )


def _known_anchors(by_id: dict[str, ArticleFacts], targets: set[str]) -> dict[str, frozenset[str]]:
    """The anchors of those ``targets`` that were found while checking them alone."""
    return {t: anchors for t in targets if (anchors := by_id[t].anchors) is not None}


def served_from_copies(report: SyncReport, library: Library) -> bool:
    """Whether a sync could not reach its source and left the stored copies as they were.

    An offline sync sees no entry at all, while any sync that reached a
    non-empty source counts each entry as added, updated or unchanged.
    """
    seen = report.added + report.updated + report.unchanged + report.removed
    return seen == 0 and library.count_articles(drafts=True) > 0


# Library-wide checks


def _library_findings(
    facts: Sequence[ArticleFacts],
    skipped: dict[str, str],
    root: str | None,
    anchors_of: Callable[[set[str]], dict[str, frozenset[str]]],
    locate: _Locator | None,
) -> list[Finding]:
    """Each article's own findings, then duplicates, links between articles and tag variants.

    Args:
        facts: Every article read.
        skipped: Files that could not be read, by the id they would have had.
        root: The library folder (``None`` for a remote source).
        anchors_of: The heading anchors of some articles, by id.
        locate: Finds the lines of tags in files (``None``: lines are not known).
    """
    findings = [finding for item in facts for finding in item.findings]
    findings.extend(_duplicates(facts, "slug", lambda f: (f.slug or "").casefold()))
    findings.extend(_duplicates(facts, "title", _title_in_folder))
    findings.extend(link_findings(facts, skipped, root, anchors_of))
    findings.extend(_tag_variants(facts, locate))
    return findings


def _title_in_folder(item: ArticleFacts) -> str:
    """A title as readers tell articles apart: within one folder.

    In a documentation site, ``methods/page/Params`` and ``methods/site/Params``
    are both rightly titled "Params" (the Hugo docs have 149 such titles): the
    section tells them apart. Two articles of one folder with one title are
    what a reader of its list cannot tell apart.
    """
    title = " ".join(item.title.casefold().split())
    return f"{posixpath.dirname(item.link_path)}\0{title}" if title else ""


def _duplicates(
    facts: Sequence[ArticleFacts], what: str, key: Callable[[ArticleFacts], str]
) -> list[Finding]:
    groups: dict[str, list[ArticleFacts]] = defaultdict(list)
    for item in facts:
        value = key(item)
        if value:
            groups[value].append(item)
    code = f"duplicate-{what}"
    findings = []
    for group in groups.values():
        if len(group) < 2:
            continue
        for item in group:
            others = ", ".join(other.path for other in group if other is not item)
            value = {"id": item.article_id, "slug": item.slug or "", "title": item.title}[what]
            message = f"Its {what} '{value}' is also the {what} of {others}."
            severity = SEVERITIES[code]
            findings.append(Finding(code, severity, item.path, None, message, item.article_id))
    return findings


def tag_family(display: str) -> str:
    """What spellings of one tag share: letters and digits, case and accents folded.

    ``Sleep``, ``sleep``, ``sleep-hygiene``, ``Sleep Hygiene`` and
    ``sleephygiene`` give ``sleep``, ``sleep`` and ``sleephygiene`` three times.
    """
    decomposed = unicodedata.normalize("NFKD", normalise_tag(display))
    return "".join(char for char in decomposed if char.isalnum())


def _tag_variants(facts: Sequence[ArticleFacts], locate: _Locator | None) -> list[Finding]:
    """Articles using a spelling of a tag other than the one most articles use."""
    family_of: dict[str, str] = {}  # a few thousand spellings on ten thousand articles
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for item in facts:
        for display in item.tags:
            if display not in family_of:
                family_of[display] = tag_family(display)
            if family_of[display]:
                spellings[family_of[display]][display] += 1
    usual = {
        family: min(counts.items(), key=lambda pair: (-pair[1], pair[0]))[0]
        for family, counts in spellings.items()
        if len(counts) > 1
    }
    findings: list[Finding] = []
    code = "tag-variants"
    for item in facts:
        for display in item.tags:
            family = family_of[display]
            if family not in usual or usual[family] == display:
                continue  # one spelling, or the usual one: the others are reported where used
            ranked = sorted(spellings[family].items(), key=lambda pair: (-pair[1], pair[0]))
            others = " and ".join(
                f"'{name}' in {_articles(count)}" for name, count in ranked if name != display
            )
            message = f"The tag '{display}' is also written {others}."
            line = locate.tag(item.path, display) if locate is not None else None
            severity = SEVERITIES[code]
            findings.append(Finding(code, severity, item.path, line, message, item.article_id))
    return findings


def _articles(count: int) -> str:
    return "1 article" if count == 1 else f"{count} articles"


# Turning it all into a report


def _from_warning(warning: ScanWarning, article: str | None) -> Finding:
    """A scan warning as a finding, with the severity ``check`` gives its code."""
    severity = SEVERITIES.get(warning.code, warning.severity)
    return Finding(warning.code, severity, warning.path, warning.line, warning.message, article)


def _report(
    findings: list[Finding],
    locate: _Locator | None,
    *,
    checked: int,
    bodies: bool = True,
    requests: int | None = None,
    downloaded: int = 0,
) -> CheckReport:
    if locate is not None:
        findings = [locate.place(finding) for finding in findings]
    return CheckReport(
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        checked=checked,
        bodies=bodies,
        requests=requests,
        downloaded=downloaded,
    )


# The front-matter field a finding is about, to give it the field's line.
_FIELDS = {
    "draft": "draft",
    "date-invalid": "date",
    "duplicate-slug": "slug",
    "duplicate-title": "title",
}


class _Locator:
    """Lines of front-matter fields and hashtags, for findings about a field.

    Only the few files with such findings are read again: the checks
    themselves never keep a file's front matter.
    """

    def __init__(self, root: str) -> None:
        self.root = root
        self._files: dict[str, tuple[list[str], int]] = {}

    def place(self, finding: Finding) -> Finding:
        """The finding with the line of its field, unless it has a line of its own."""
        field = _FIELDS.get(finding.code)
        if field is None or finding.line not in (None, 1):  # 1: the field's line is unknown
            return finding
        lines, fields = self._read(finding.path)
        pattern = re.compile(rf"\s*{field}\s*[:=]", re.IGNORECASE)
        line = next((n for n, text in enumerate(lines[:fields], 1) if pattern.match(text)), None)
        if line is None and finding.code == "duplicate-title":  # a title from the first heading
            line = next((n for n, text in enumerate(lines, 1) if text.startswith("#")), None)
        return replace(finding, line=line or finding.line)

    def tag(self, path: str, tag: str) -> int | None:
        """The first front-matter line naming ``tag``, else the line of its hashtag."""
        lines, fields = self._read(path)
        hashtag = re.compile(rf"#{re.escape(tag)}(?![\w/-])")
        for number, text in enumerate(lines, 1):
            if (tag in text and 1 < number <= fields) or (number > fields and hashtag.search(text)):
                return number
        return None

    def _read(self, path: str) -> tuple[list[str], int]:
        """The file's lines and how many of them the front matter takes."""
        if path not in self._files:
            try:
                text = Path(self.root, path).read_bytes().decode("utf-8", errors="replace")
            except OSError:
                text = ""
            text = normalise_newlines(text)
            self._files[path] = (text.split("\n"), split_front_matter(text).body_line - 1)
        return self._files[path]


# Running the per-file work, in worker processes when it pays


def _scan_batch(source: FolderSource, entries: Sequence[SourceEntry]) -> list[_Scanned]:
    """Load and check a batch of files (runs in a worker process)."""
    root = str(source.root)
    scanned = []
    for entry in entries:
        result = source.load(entry)
        facts = None
        if result.article is not None:
            facts = article_facts(result.article, root=root)
        scanned.append(_Scanned(entry.path, result.warnings, facts))
    return scanned


def _anchors_batch(
    source: FolderSource, entries: Sequence[SourceEntry]
) -> list[tuple[str, frozenset[str]]]:
    """The heading anchors of a batch of files (runs in a worker process)."""
    found = []
    for entry in entries:
        article = source.load(entry).article
        found.append(
            (entry.path, heading_anchors(article.reading_body) if article else frozenset())
        )
    return found


def _run(
    work: Callable[[FolderSource, Sequence[SourceEntry]], list[_Result]],
    source: FolderSource,
    entries: Sequence[SourceEntry],
    workers: int,
) -> list[_Result]:
    """``work`` over ``entries`` in batches: in worker processes when there are many."""
    batches = [entries[start : start + _BATCH] for start in range(0, len(entries), _BATCH)]
    if workers < 2 or len(entries) < PARALLEL_FROM:
        return [item for batch in batches for item in work(source, batch)]
    # spawn, as in zo_reader.core.loading: forking a process with threads can copy a held lock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context) as pool:
        return [item for chunk in pool.map(work, repeat(source), batches) for item in chunk]


def _cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on macOS or Windows
        return os.cpu_count() or 1
