"""Pages saved from a website, through the real command: list, read, search, check, line mode."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.cli.test_cli import ok, run
from zo_reader.cli.line_mode import run_line_mode
from zo_reader.core.context import make_context
from zo_reader.core.settings import Settings

SCRAPED = Path(__file__).resolve().parent.parent / "fixtures" / "scraped"
RESTING = "Why is it so hard to rest after losing someone?"
CHROME = ("Menu", "CalmHaven", "Home", "About", "Subscribe", "Skip to content", "Logo", "Search")


def test_list_gives_titles_summaries_and_tags() -> None:
    listed = {
        article["id"]: article for article in json.loads(ok("list", "-s", str(SCRAPED), "--json"))
    }
    assert listed["resting-after-a-loss"]["title"] == RESTING
    assert listed["resting-after-a-loss"]["summary"].startswith("Grief does not keep office hours.")
    assert listed["resting-after-a-loss"]["tags"][:2] == ["grief", "restfulsleep"]
    assert listed["anger-between-partners"]["title"] == (
        "How can couples argue without hurting each other?"
    )
    assert listed["anger-between-partners"]["summary"].startswith("Every couple argues")
    text = ok("list", "-s", str(SCRAPED))
    assert RESTING in text
    for chrome in CHROME:
        assert f"\n{chrome}\n" not in f"\n{text}"


def test_read_text_hides_chrome_and_markdown_keeps_it() -> None:
    shown = ok("read", "-s", str(SCRAPED), "resting-after-a-loss", "--format", "text")
    lines = shown.splitlines()
    assert lines[0] == f"Heading 1: {RESTING}"
    assert "Heading 2: What helps the body settle in the evening?" in lines
    assert not any(line.strip() in CHROME for line in lines)
    assert "#grief" not in shown
    markdown = ok("read", "-s", str(SCRAPED), "resting-after-a-loss", "--format", "markdown")
    assert markdown.startswith("Menu\n\nCalmHaven\n")  # the file as written
    assert "#grief#restfulsleep" in markdown


def test_search_never_matches_the_site_chrome() -> None:
    assert "No results" in run("search", "-s", str(SCRAPED), "CalmHaven").stdout
    assert "No results" in run("search", "-s", str(SCRAPED), "WellNest").stdout
    found = ok("search", "-s", str(SCRAPED), "title:rest")
    assert RESTING in found
    assert "1 result" in ok("search", "-s", str(SCRAPED), "title:couples")


def test_check_finds_nothing_false() -> None:
    result = run("check", "-s", str(SCRAPED))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "No problems found in 4 articles."


def test_line_mode_reads_questions_as_headings(tmp_path: Path) -> None:
    context = make_context(
        Settings(), str(SCRAPED), cache_root=tmp_path / "cache", data_root=tmp_path / "data"
    )
    out = io.StringIO()
    try:
        run_line_mode(context, io.StringIO("open Why is it so hard\nnext\nquit\n"), out, 80, 60)
    finally:
        context.close()
    text = out.getvalue()
    assert f"Heading 1: {RESTING}" in text
    assert "Heading 2: When should someone ask for more support?" in text
    assert "CalmHaven" not in text and "#grief" not in text
