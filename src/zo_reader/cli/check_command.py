"""``zo-reader check``: the problems in a library, one line each, for writers and CI.

Text output is grouped by file: a plain line naming the file and how many
problems it has, then one line per finding (``path:line: error: message
[code]``), then one closing sentence. No tables, no colour, no glyphs, so it
reads the same on a screen reader, in a pipe and in a CI log. ``--json``
prints one JSON array with an object per finding.

Exit status: 0 when nothing fails, 1 when there are errors (with
``--strict``, warnings too) or the source cannot be read, 2 for usage errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from zo_reader.cli import output
from zo_reader.core.sanitize import CleanText, clean_code, joined, ours, safe_line

if TYPE_CHECKING:
    from zo_reader.core.check import CheckReport, Finding


def _known_codes(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """The codes given to --ignore, each one a code ``check`` reports (else a usage error).

    Checked here rather than with ``click.Choice``: this module is imported by
    every command, and the checks load only when ``check`` runs.
    """
    if not values:
        return values
    from zo_reader.core.check import CODES

    unknown = [value for value in values if value not in CODES]
    if unknown:
        raise click.BadParameter(
            f"{unknown[0]!r} is not a finding code; the codes are {', '.join(CODES)}."
        )
    return values


@click.command("check")
@click.option(
    "-s",
    "--source",
    "source",
    metavar="SOURCE",
    help="Folder of articles or the address of a zo-reader API, WordPress site or feed "
    "(default: $ZO_READER_SOURCE, the config, then the samples).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per finding.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit status 1).")
@click.option(
    "--ignore",
    "ignored",
    multiple=True,
    callback=_known_codes,
    metavar="CODE",
    help="Do not report findings with this code (repeatable), such as --ignore draft.",
)
@click.option(
    "--no-bodies",
    is_flag=True,
    help="Remote sources: check only the list of articles, without downloading every body "
    "(no link, anchor or text checks).",
)
@click.option(
    "--insecure", is_flag=True, help="Do not verify TLS certificates (test servers only)."
)
@click.option(
    "--private", is_flag=True, help="Write nothing to disk (a remote library is kept in memory)."
)
@click.pass_context
def check_command(
    ctx: click.Context,
    source: str | None,
    as_json: bool,
    strict: bool,
    ignored: tuple[str, ...],
    no_bodies: bool,
    insecure: bool,
    private: bool,
) -> None:
    """Report what is wrong in a library, one line per problem.

    Files that cannot be read, front matter, titles, duplicates, links and
    anchors, images, tags spelled several ways, drafts, control characters.
    Errors exit with status 1; warnings only with --strict. A folder is read as
    it is now, without the search index; a remote library is listed and each
    article's body downloaded once (later checks reuse unchanged bodies).
    """
    report = _run_check(source, bodies=not no_bodies, insecure=insecure, private=private)
    report = report.without(ignored)
    if as_json:
        output.echo(output.dumps([finding_json(finding) for finding in report.findings]))
    else:
        output.echo(report_text(report))
    if report.requests is not None:
        bodies = _count(report.downloaded, "article body", "article bodies")
        requests = _count(report.requests, "request")
        output.echo(ours(f"zo-reader: {requests} to the source; {bodies} downloaded."), err=True)
    ctx.exit(1 if report.failed(strict=strict) else 0)


def _run_check(source: str | None, *, bodies: bool, insecure: bool, private: bool) -> CheckReport:
    """Open the source and check it: a folder directly, anything else through its library."""
    # Imported here: main.py imports this module at its end to register the command.
    from zo_reader.cli.main import _settings
    from zo_reader.core.check import check_folder, check_library, served_from_copies
    from zo_reader.core.errors import SourceOfflineError
    from zo_reader.core.index import Library
    from zo_reader.core.sources import index_root, open_source, source_spec
    from zo_reader.core.sources.folder import FolderSource

    settings = _settings(insecure=insecure, private=private)
    opened = open_source(source_spec(source, settings), settings)
    if isinstance(opened, FolderSource):
        return check_folder(opened)
    with Library.for_source(opened, index_root(opened, settings)) as library:
        synced = library.sync()
        for notice in synced.notices:
            output.echo(ours(f"zo-reader: {safe_line(notice)}"), err=True)
        if served_from_copies(synced, library):
            raise SourceOfflineError(
                # Unreachable, too slow or unreadable: the notice above says which.
                f"{safe_line(opened.label)} gave no answer to check now, and check looks at "
                "the source itself, not at copies."
            )
        return check_library(library, bodies=bodies)


def finding_line(finding: Finding) -> CleanText:
    """``path:line: severity: message [code]``, the form compilers and editors know."""
    where = safe_line(finding.path) + (f":{finding.line}" if finding.line else "")
    message, code = safe_line(finding.message), clean_code(finding.code)
    return ours(f"{where}: {finding.severity.value}: {message} [{code}]")


def report_text(report: CheckReport) -> CleanText:
    """Findings grouped by file under a plain heading line, then one closing sentence."""
    lines: list[CleanText] = []
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.path, []).append(finding)
    for path, findings in groups.items():
        lines.append(ours(f"{safe_line(path)}: {_tally(findings)}"))
        lines.extend(finding_line(finding) for finding in findings)
        lines.append(ours(""))
    checked = _count(report.checked, "article")
    if not report.findings:
        lines.append(ours(f"No problems found in {checked}."))
    else:
        lines.append(ours(f"{_tally(report.findings, ' and ')} in {report.paths} of {checked}."))
    if not report.bodies:
        lines.append(ours("Article bodies were not checked (--no-bodies)."))
    return joined("\n", lines)


def finding_json(finding: Finding) -> output.JsonObject:
    """A finding as a JSON object; ``code`` is stable, ``message`` is for people."""
    return {
        "code": clean_code(finding.code),
        "severity": ours(finding.severity.value),
        "path": safe_line(finding.path),
        "line": finding.line,
        "article": safe_line(finding.article) if finding.article is not None else None,
        "message": safe_line(finding.message),
    }


def _tally(findings: Sequence[Finding], joiner: str = ", ") -> str:
    """``2 errors, 1 warning`` (only the kinds present)."""
    errors = sum(1 for finding in findings if finding.severity.value == "error")
    warnings = len(findings) - errors
    parts = [_count(errors, "error")] if errors else []
    if warnings:
        parts.append(_count(warnings, "warning"))
    return joiner.join(parts)


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number:,} {word if number == 1 else plural or word + 's'}"
