"""The CLI contract: commands, options, JSON shapes, exit codes and error lines.

Most tests run the real ``zo-reader`` entry point in a subprocess, as a user or
a script would; a few use click's CliRunner where only the text matters.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
GOLDEN = Path(__file__).resolve().parent / "golden"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m zo_reader`` with the test's isolated user folders."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        # No one is typing: with a terminal as stdin (a developer's shell) and a
        # pipe as stdout, zo-reader would rightly start line mode and wait.
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = run(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_list_text_matches_golden() -> None:
    assert ok("list", "-s", str(FIXTURES)) == (GOLDEN / "list.txt").read_text()


def test_read_text_matches_golden() -> None:
    output = ok("read", "evening-walks", "-s", str(FIXTURES), "--width", "60")
    assert output == (GOLDEN / "read-evening-walks.txt").read_text()


def test_list_json_shape_and_filters() -> None:
    articles = json.loads(ok("list", "-s", str(FIXTURES), "--json"))
    assert [a["id"] for a in articles] == [
        "evening-walks",
        "racing-thoughts",
        "nested/deeper/inner",
    ]
    first = articles[0]
    assert set(first) >= {"id", "title", "tags", "date", "author", "summary", "words"}
    assert first["tags"] == ["sleep", "movement"]
    assert first["date"] == "2026-03-02"
    assert first["author"] == "Ana P."
    tagged = json.loads(
        ok("list", "-s", str(FIXTURES), "--json", "--tag", "sleep", "--tag", "anxiety")
    )
    assert [a["id"] for a in tagged] == ["racing-thoughts"]
    by_title = json.loads(
        ok("list", "-s", str(FIXTURES), "--json", "--sort", "title", "--limit", "2")
    )
    assert [a["title"] for a in by_title] == [
        "Do evening walks help me sleep?",
        "How do I say no to family?",
    ]
    with_drafts = json.loads(ok("list", "-s", str(FIXTURES), "--json", "--drafts"))
    assert "draft-note" in [a["id"] for a in with_drafts]


def test_tags_text_and_json() -> None:
    assert ok("tags", "-s", str(FIXTURES)).splitlines()[:3] == [
        "6 tags:",
        "sleep: 2 articles",
        "anxiety: 1 article",
    ]
    tags = json.loads(ok("tags", "-s", str(FIXTURES), "--json"))
    assert tags[0] == {"tag": "sleep", "key": "sleep", "count": 2}
    assert {t["key"] for t in tags} == {
        "sleep",
        "movement",
        "anxiety",
        "boundaries",
        "family",
        "communication",
    }


def test_search_text_and_json() -> None:
    text = ok("search", "racing", "-s", str(FIXTURES))
    assert text.splitlines()[0] == "2 results for racing."
    assert "[Racing]" in text or "[racing]" in text
    hits = json.loads(ok("search", "walk", "-s", str(FIXTURES), "--json"))
    assert hits[0]["id"] == "evening-walks"
    assert "snippet" in hits[0] and "[" in hits[0]["snippet"]
    tagged = json.loads(ok("search", "sleep", "--tag", "anxiety", "-s", str(FIXTURES), "--json"))
    assert [h["id"] for h in tagged] == ["racing-thoughts"]
    assert ok("search", "zebra", "-s", str(FIXTURES)).startswith("No results for zebra.")


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT", "-", "c++ (x)", "tag:", "*"])
def test_search_never_fails_on_odd_queries(query: str) -> None:
    result = run("search", query, "-s", str(FIXTURES))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_read_formats() -> None:
    markdown = ok("read", "nested/deeper/inner", "-s", str(FIXTURES), "--format", "markdown")
    assert markdown.startswith("# How do I say no to family?")
    document = json.loads(ok("read", "racing", "-s", str(FIXTURES), "--format", "json"))
    assert document["id"] == "racing-thoughts"
    assert document["body"].startswith("Racing thoughts")
    assert document["warnings"] == []
    text = ok("read", "racing-thoughts", "-s", str(FIXTURES), "--width", "40")
    assert "Table: 2 columns, 2 rows" in text
    assert max(len(line) for line in text.splitlines()) <= 40


def test_read_by_slug_title_prefix_and_ambiguity(tmp_path: Path) -> None:
    assert "Heading 1: Do evening walks" in ok("read", "evening-walks", "-s", str(FIXTURES))
    assert "Heading 1: Why does my mind" in ok("read", "why does", "-s", str(FIXTURES))
    write(tmp_path, "a.md", "# Sleep tips\nx")
    write(tmp_path, "b.md", "# Sleep trouble\ny")
    result = run("read", "sleep", "-s", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "zo-reader: 'sleep' matches 2 articles: a (Sleep tips); b (Sleep trouble)."
    )


def test_user_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    for args in (
        ("read", "nothing-here", "-s", str(FIXTURES)),
        ("list", "-s", str(tmp_path / "missing")),
        ("read", "draft-note", "-s", str(FIXTURES)),
    ):
        result = run(*args)
        assert result.returncode == 1
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("zo-reader: ")


def test_usage_errors_exit_2() -> None:
    assert run("list", "--bogus").returncode == 2
    assert run("list", "--sort", "size").returncode == 2
    assert run("read").returncode == 2


def test_bad_config_is_a_clear_error(tmp_path: Path) -> None:
    config = write(tmp_path, "config.toml", "colour = 'red'\n")
    result = run("list", env={"ZO_READER_CONFIG": str(config)})
    assert result.returncode == 1
    assert "unknown setting 'colour'" in result.stderr
    assert "Traceback" not in result.stderr


def test_source_from_environment_then_config_then_samples(tmp_path: Path) -> None:
    other = tmp_path / "other"
    write(other, "only.md", "# The only article")
    assert "The only article" in ok("list", env={"ZO_READER_SOURCE": str(other)})
    config = write(tmp_path, "config.toml", f"source = {str(FIXTURES)!r}\n")
    assert "Do evening walks" in ok("list", env={"ZO_READER_CONFIG": str(config)})
    samples = ok("list")
    assert "Am I burnt out at work" in samples
    assert samples.rstrip().endswith("12 articles.")


def test_open_with_a_source_argument_and_module_entry_point() -> None:
    assert "Do evening walks" in ok(str(FIXTURES))
    assert "zo-reader" in ok("--version")
    assert "search" in ok("--help")


def test_hostile_content_never_reaches_the_terminal(tmp_path: Path) -> None:
    evil = "\x1b]0;owned\x07\x1b[2J\x9b31m\x07\u202e"
    write(
        tmp_path,
        "evil.md",
        f'---\ntitle: "Title\\e]52;c;Y2xpcA==\\a here"\ntags: ["ta\\e[31mg"]\n---\n'
        f"# Body {evil} heading\n\nText {evil} with [a link](https://x.org/{evil}).\n",
    )
    for args in (
        ("list",),
        ("list", "--json"),
        ("tags",),
        ("search", "text"),
        ("search", "text", "--json"),
        ("read", "evil"),
        ("read", "evil", "--format", "markdown"),
        ("read", "evil", "--format", "json"),
    ):
        result = run(*args, "-s", str(tmp_path))
        assert result.returncode == 0, result.stderr
        for stream in (result.stdout, result.stderr):
            assert not any(ch in stream for ch in "\x1b\x9b\x07\u202e"), (args, stream)


def test_output_has_no_colour_when_piped_or_no_color() -> None:
    assert "\x1b" not in ok("list", "-s", str(FIXTURES))
    assert "\x1b" not in ok("list", "-s", str(FIXTURES), env={"NO_COLOR": "1"})


def test_verbose_lists_file_problems(tmp_path: Path) -> None:
    write(tmp_path, "good.md", "# Good")
    write(tmp_path, "bin.md", b"\x00binary")
    result = run("list", "-v", "-s", str(tmp_path))
    assert result.returncode == 0
    assert "bin.md: Skipped bin.md: it is a binary file, not text." in result.stderr


def test_damaged_index_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    ok("list", "-s", str(FIXTURES))
    cache = Path(os.environ["ZO_READER_CACHE_DIR"]) / "libraries"
    (database,) = cache.glob("*.sqlite3")
    for companion in cache.glob("*.sqlite3-*"):
        companion.unlink()
    database.write_bytes(b"garbage" * 1000)
    result = run("list", "-s", str(FIXTURES))
    assert result.returncode == 0
    assert "rebuilt" in result.stderr
    assert "Do evening walks" in result.stdout


def test_broken_pipe_is_quiet() -> None:
    command = f"{sys.executable} -m zo_reader list -s {FIXTURES} | head -c 1"
    result = subprocess.run(
        command,
        shell=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr
