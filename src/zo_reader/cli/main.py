"""The ``zo-reader`` command: open, list, tags, search and read.

Each command opens the source, brings its index up to date (only changed
files are read), answers, and exits. User errors print one plain line on
stderr and exit with status 1; usage errors exit with status 2 (click's
convention); a broken pipe (``zo-reader list | head``) ends quietly.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from zo_reader import __version__
from zo_reader.cli import output
from zo_reader.core.errors import ZoReaderError
from zo_reader.core.index import Library
from zo_reader.core.sanitize import joined, ours, safe_line, safe_text
from zo_reader.core.settings import Settings, cache_dir, load_settings
from zo_reader.core.sources import index_root, open_source, source_spec
from zo_reader.core.sources.base import Source

ESCAPE_DELAY_MS = 50
"""How long the TUI waits after Escape for the rest of a key sequence (unless ESCDELAY is set)."""

if TYPE_CHECKING:
    from zo_reader.core.models import Article

_SOURCE_HELP = (
    "Folder of articles or the address of a zo-reader API, WordPress site or feed "
    "(default: $ZO_READER_SOURCE, the config, then the samples)."
)
source_option = click.option("-s", "--source", "source", metavar="SOURCE", help=_SOURCE_HELP)
drafts_option = click.option("--drafts", is_flag=True, help="Include articles marked as drafts.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
verbose_option = click.option(
    "-v", "--verbose", is_flag=True, help="Also list the problems found in files, on stderr."
)
offline_option = click.option(
    "--offline",
    is_flag=True,
    help="Never touch the network: read the copies kept from earlier visits.",
)
insecure_option = click.option(
    "--insecure", is_flag=True, help="Do not verify TLS certificates (test servers only)."
)
private_option = click.option(
    "--private",
    is_flag=True,
    help="Write nothing to disk: index in memory, no bookmarks, positions or history "
    "(also ZO_READER_PRIVATE=1 or private = true).",
)


def network_options(command: Any) -> Any:
    """Add --offline, --insecure and --private, which every command reading a source takes."""
    return offline_option(insecure_option(private_option(command)))


tag_option = click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only articles with this tag (repeatable)."
)


class _MainGroup(click.Group):
    """A group whose first argument is a SOURCE unless it names a command.

    ``zo-reader notes/`` opens a folder, ``zo-reader list`` runs a command.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        group_options = {"--help", "-h", "--version"}
        if not args or (args[0] not in self.commands and args[0] not in group_options):
            args = ["open", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zo-reader")
def cli() -> None:
    """An accessible terminal reader for browsing articles.

    Run without a command to open SOURCE (a folder of Markdown articles).
    """


def _settings(*, offline: bool = False, insecure: bool = False, private: bool = False) -> Settings:
    """The user's settings, with the command line's flags on top."""
    from dataclasses import replace

    settings = load_settings()
    if offline:
        settings = replace(settings, offline=True)
    if insecure:
        settings = replace(settings, insecure=True)
    if private:
        settings = replace(settings, private=True)
    return settings


@contextmanager
def _library(
    source: str | None,
    *,
    verbose: bool = False,
    offline: bool = False,
    insecure: bool = False,
    private: bool = False,
) -> Iterator[tuple[Library, Settings]]:
    """Open and sync the library of ``source``, reporting notices on stderr."""
    settings = _settings(offline=offline, insecure=insecure, private=private)
    opened = open_source(source_spec(source, settings), settings)
    with _synced(opened, settings, verbose=verbose) as library:
        yield library, settings


@contextmanager
def _synced(opened: Source, settings: Settings, *, verbose: bool = False) -> Iterator[Library]:
    """The library of a source already opened, synced, its notices on stderr.

    For a caller that opened the source itself: opening a URL again would
    detect its kind again, with requests of its own.
    """
    with Library.for_source(opened, index_root(opened, settings)) as library:
        report = library.sync()
        for notice in report.notices:
            output.echo(ours(f"zo-reader: {safe_line(notice)}"), err=True)
        if verbose and report.warnings:
            output.echo(output.warnings_text(library.warnings()), err=True)
        yield library


def _tag_list(tags: Sequence[str]) -> list[str]:
    """Tags from repeated options, also accepting comma-separated lists."""
    return [part.strip() for tag in tags for part in tag.split(",") if part.strip()]


@cli.command("open")
@click.argument("source", required=False, metavar="[SOURCE]")
@drafts_option
@click.option(
    "--line",
    "line_mode",
    is_flag=True,
    help="Plain, prompt-based reading for teletypes, Emacs shells and the Linux console.",
)
@click.option(
    "--width", type=click.IntRange(min=20, max=1000), help="Wrap line-mode text at N columns."
)
@click.option(
    "--screen-reader",
    is_flag=True,
    help="One region at a time, no decoration, the cursor on the focused item, "
    "structure in words (also ZO_READER_SCREEN_READER=1 or screen_reader = true).",
)
@click.option(
    "--folder",
    "whole_folder",
    is_flag=True,
    help="With a FILE: open its whole folder (and the folders inside) as the library, "
    "that file first.",
)
@network_options
def open_command(
    source: str | None,
    drafts: bool,
    line_mode: bool,
    width: int | None,
    screen_reader: bool,
    whole_folder: bool,
    offline: bool,
    insecure: bool,
    private: bool,
) -> None:
    """Open the reader on SOURCE; when output is not a terminal, print it as text.

    A FILE opens on its own (with the articles beside it that it links to);
    ``--folder`` opens its folder. Piped (``zo-reader FILE | less``), a file's
    article is printed as plain text, a folder's list of articles likewise.
    Line mode (--line, or TERM=dumb as in Emacs's M-x shell) reads commands
    at a prompt and prints plain lines instead of drawing a screen.
    """
    # Line mode when asked for, whatever stdin is (commands can come from a pipe), or
    # on a terminal that cannot draw a full-screen UI (TERM=dumb) with someone at it.
    # Output to a pipe or file is never line mode unless asked: `zo-reader FILE | less`
    # must print the article, not start a prompt that fights less for the keyboard.
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if line_mode or (interactive and os.environ.get("TERM") == "dumb"):
        from zo_reader.cli.line_mode import run_line_mode
        from zo_reader.core.context import make_context

        for stream in (sys.stdin, sys.stdout):
            if isinstance(stream, io.TextIOWrapper):  # undecodable input or unprintable text
                stream.reconfigure(errors="replace")  # must not end the session
        settings = _settings(offline=offline, insecure=insecure, private=private)
        size = shutil.get_terminal_size((80, 24))
        columns = width or min(settings.width, size.columns)
        context = make_context(settings, source, drafts=drafts, folder=whole_folder)
        try:
            status = run_line_mode(context, sys.stdin, sys.stdout, max(20, columns), size.lines)
        finally:
            context.close()
        sys.exit(status)
    if not interactive:
        _print_source(source, drafts, whole_folder, width, offline, insecure, private)
        return
    from dataclasses import replace

    from zo_reader.core.context import make_context

    # A lone Escape is told from the start of a key sequence by a pause after it.
    # Textual waits 100 ms, which a screen-reader user hears as lag on every Escape;
    # 50 ms (Neovim's ttimeoutlen) still keeps a sequence whole, since a terminal
    # writes each one at once. ESCDELAY is ncurses' name for it; a user's value wins.
    # Set before Textual is imported, which reads it then.
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))
    from zo_reader.ui.app import make_app

    settings = _settings(offline=offline, insecure=insecure, private=private)
    if screen_reader:
        settings = replace(settings, screen_reader=True)
    context = make_context(settings, source, drafts=drafts, folder=whole_folder)
    make_app(context).run()


def _print_source(
    source: str | None,
    drafts: bool,
    whole_folder: bool,
    width: int | None,
    offline: bool,
    insecure: bool,
    private: bool,
) -> None:
    """Output is not a terminal: print a file's article, or a source's list, as text."""
    from zo_reader.core.sources import split_file
    from zo_reader.core.sources.single_file import SingleFileSource

    network = {"offline": offline, "insecure": insecure, "private": private}
    folder, initial = split_file(source) if source and whole_folder else (source, None)
    settings = _settings(**network)
    # Opened once: for a URL, opening detects the kind of site with requests of its own.
    opened = open_source(source_spec(folder, settings), settings)
    if isinstance(opened, SingleFileSource):
        # `zo-reader FILE.md | less`: the file's article, read straight from the file.
        # No index: indexing a 50 MB book for one print took 9 s and 300 MB.
        article = opened.article()
        columns = width or min(settings.width, shutil.get_terminal_size((80, 24)).columns)
        _echo_article(article, max(20, columns))
        return
    with _synced(opened, settings) as library:
        if initial is not None:  # `zo-reader --folder FILE.md | less`: that article, as text
            _print_article(library, initial, settings, width)
            return
        articles = library.list_articles(drafts=drafts or settings.drafts)
        output.echo(output.articles_text(articles, len(articles)))


@cli.command("list")
@source_option
@tag_option
@click.option("--sort", type=click.Choice(["date", "title"]), default="date", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many articles.")
@drafts_option
@json_option
@verbose_option
@network_options
def list_command(
    source: str | None,
    tags: tuple[str, ...],
    sort: str,
    limit: int | None,
    drafts: bool,
    as_json: bool,
    verbose: bool,
    offline: bool,
    insecure: bool,
    private: bool,
) -> None:
    """List articles, newest first."""
    network = {"offline": offline, "insecure": insecure, "private": private}
    with _library(source, verbose=verbose, **network) as (library, settings):
        wanted = _tag_list(tags)
        drafts = drafts or settings.drafts
        articles = library.list_articles(
            tags=wanted, sort="title" if sort == "title" else "date", limit=limit, drafts=drafts
        )
        if as_json:
            output.echo(output.dumps([output.summary_json(a) for a in articles]))
        else:
            total = library.count_articles(tags=wanted, drafts=drafts)
            output.echo(output.articles_text(articles, total))


@cli.command("tags")
@source_option
@drafts_option
@json_option
@network_options
def tags_command(
    source: str | None, drafts: bool, as_json: bool, offline: bool, insecure: bool, private: bool
) -> None:
    """List every tag with its number of articles."""
    network = {"offline": offline, "insecure": insecure, "private": private}
    with _library(source, **network) as (library, settings):
        counts = library.tag_counts(drafts=drafts or settings.drafts)
        if as_json:
            document: list[output.JsonValue] = [
                {"tag": safe_line(c.tag.display), "key": safe_line(c.tag.key), "count": c.count}
                for c in counts
            ]
            output.echo(output.dumps(document))
        else:
            output.echo(output.tags_text(counts))


@cli.command("search")
@click.argument("query")
@source_option
@tag_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@drafts_option
@json_option
@network_options
def search_command(
    query: str,
    source: str | None,
    tags: tuple[str, ...],
    limit: int,
    drafts: bool,
    as_json: bool,
    offline: bool,
    insecure: bool,
    private: bool,
) -> None:
    """Search titles, tags and text.

    Words are ANDed; "quoted phrases", prefix*, -excluded, OR, tag:NAME and
    title:WORD work.
    """
    from zo_reader.core.query import describe_query, parse_query

    network = {"offline": offline, "insecure": insecure, "private": private}
    with _library(source, **network) as (library, settings):
        wanted = _tag_list(tags)
        hits = library.search(query, tags=wanted, limit=limit, drafts=drafts or settings.drafts)
        if as_json:
            output.echo(output.dumps([output.hit_json(hit) for hit in hits]))
        else:
            description = describe_query(parse_query(query)) or repr(query)
            if wanted:
                description += ", tagged " + " and ".join(wanted)
            output.echo(output.hits_text(hits, description))


@cli.command("read")
@click.argument("article")
@source_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option("--width", type=click.IntRange(min=20, max=1000), help="Wrap text at N columns.")
@drafts_option
@network_options
def read_command(
    article: str,
    source: str | None,
    output_format: str,
    width: int | None,
    drafts: bool,
    offline: bool,
    insecure: bool,
    private: bool,
) -> None:
    """Print one article, found by id, slug or the start of its title."""
    network = {"offline": offline, "insecure": insecure, "private": private}
    with _library(source, **network) as (library, settings):
        found = library.get(library.resolve(article, drafts=drafts or settings.drafts).id)
        if output_format == "json":
            output.echo(output.dumps(output.article_json(found)))
        elif output_format == "markdown":
            output.echo(safe_text(found.body.rstrip("\r\n")))  # CR ends lines too
        else:
            _print_article(library, found.id, settings, width)


def _print_article(library: Library, reference: str, settings: Settings, width: int | None) -> None:
    """Print one article as plain text, wrapped to ``width`` or the terminal."""
    found = library.get(library.resolve(reference, drafts=True).id)
    columns = width or min(settings.width, shutil.get_terminal_size((80, 24)).columns)
    _echo_article(found, max(20, columns))


def _echo_article(article: Article, width: int) -> None:
    """Print an article's text as it is rendered, a piece at a time.

    A 50 MB book rendered whole took 26 s and 585 MB before its first line.
    """
    from zo_reader.core.render_pieces import article_chunks

    for number, chunk in enumerate(article_chunks(article, width)):
        # Cleaned in core as it is laid out; checked again here (one regex search per chunk).
        text = safe_text(chunk)
        output.echo(text if number == 0 else joined("", [ours("\n"), text]))  # a blank line


@cli.command("forget")
@click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")
def forget_command(yes: bool) -> None:
    """Delete every file zo-reader has written: indexes, remote copies, bookmarks, positions.

    Lists them and asks first. The config file is yours and is kept.
    """
    from zo_reader.core.forget import forget, stored_files
    from zo_reader.core.settings import config_path, data_dir

    cache_root, data_root = cache_dir(), data_dir()
    files = stored_files(cache_root, data_root)
    if not files:
        output.echo(ours("zo-reader has nothing stored on this computer."))
        return
    total = sum(stored.size for stored in files)
    output.echo(ours(f"zo-reader has stored {len(files)} files ({_size(total)}):"))
    for stored in files:
        output.echo(ours(f"  {safe_line(str(stored.path))}"))
    if not yes and not click.confirm("Delete them all?", default=False):
        output.echo(ours("Nothing was deleted."))
        return
    removed = forget(files, cache_root, data_root)
    output.echo(ours(f"Deleted {len(removed)} files."))
    if config_path().exists():
        output.echo(ours(f"Kept your config file, {safe_line(str(config_path()))}."))


def _size(count: int) -> str:
    """A byte count as people say it: 900 bytes, 12 KB, 3.4 MB."""
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.0f} KB"
    return f"{count / 1_000_000:.1f} MB"


def _check_token(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A bearer token as RFC 6750 spells it (letters, digits, ``-._~+/=``), or ``None``."""
    usable = value is None or (
        value.isascii() and value != "" and all(c.isalnum() or c in "-._~+/=" for c in value)
    )
    if not usable:
        raise click.BadParameter("use only letters, digits and - . _ ~ + / =")
    return value


@cli.command("serve")
@source_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--token",
    envvar="ZO_READER_TOKEN",
    callback=_check_token,
    help="Require 'Authorization: Bearer TOKEN' on every request "
    "($ZO_READER_TOKEN keeps it out of the process list).",
)
def serve_command(source: str | None, host: str, port: int, token: str | None) -> None:
    """Publish SOURCE as a read-only JSON API under /api/v1/ until Ctrl+C.

    The index is brought up to date at start, and again when requests come
    (at most every two seconds), so edits to the folder show up. The API is
    described at /api/v1/openapi.json.
    """
    # Starlette and uvicorn load here only: other commands must not pay for them.
    from zo_reader.server.run import exposure_warning, serve

    warning = exposure_warning(host, token)
    if warning:
        output.echo(ours(warning), err=True)
    # Opening and syncing here, not in the server, makes a bad source one line and exit 1.
    with _library(source) as (library, _settings):
        serve(lambda: library, host=host, port=port, token=token)


def main(argv: Sequence[str] | None = None) -> Any:
    """Run the CLI; turn user errors into one line on stderr and exit status 1."""
    try:
        return cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="zo-reader",
            standalone_mode=True,
        )
    except ZoReaderError as error:
        output.echo(ours(f"zo-reader: {safe_line(str(error))}"), err=True)
        sys.exit(1)
    except sqlite3.DatabaseError as error:
        # The index is a cache; say so plainly rather than show SQLite's traceback.
        output.echo(
            ours(
                f"zo-reader: The search index could not be used ({safe_line(str(error))}); "
                f"it is only a cache, so deleting {safe_line(str(cache_dir() / 'libraries'))} "
                "fixes it."
            ),
            err=True,
        )
        sys.exit(1)
    except BrokenPipeError:
        # The reader of our output went away (`| head`); stop without a traceback.
        sys.stderr.close()
        sys.exit(0)


from zo_reader.cli.check_command import check_command  # noqa: E402  (registers `check`)

cli.add_command(check_command)
