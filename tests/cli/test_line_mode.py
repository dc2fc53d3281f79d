"""Line mode: commands typed at a prompt, answered in plain lines, never a cursor move.

Most tests drive :func:`run_line_mode` with ``StringIO`` streams over the
fixture articles; a few run the real ``zo-reader --line`` in a subprocess, and
one gives it a pseudo-terminal as stdin to check the ``TERM=dumb`` choice.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TextIO, cast

import pytest

from tests.conftest import write
from zo_reader.cli.line_commands import COMMANDS
from zo_reader.cli.line_mode import run_line_mode
from zo_reader.core.context import ReaderContext, make_context
from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.render import render_article_text
from zo_reader.core.settings import Settings
from zo_reader.core.state import ReadingState

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
PROMPTS = re.compile(r"zo-reader> |-- page \d+ of \d+, [a-zA-Z ,]+ -- ")
# Any C0 control but the line feed, DEL, and C1 controls: none may ever be written.
CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")

EVENING = "Do evening walks help me sleep?"
RACING = "Why does my mind race at bedtime?"
FAMILY = "How do I say no to family?"
LIST = [
    "3 articles, newest first.",
    f"1. {EVENING}",
    "    2026-03-02, by Ana P., 1 min read, tags: sleep, movement",
    f"2. {RACING}",
    "    2026-01-15, by Ben K., 1 min read, tags: sleep, anxiety",
    f"3. {FAMILY}",
    "    1 min read, tags: boundaries, family, communication",
]


def open_context(tmp_path: Path, source: Path = FIXTURES) -> ReaderContext:
    """A reader context over ``source`` with its index and state under ``tmp_path``."""
    return make_context(
        Settings(), str(source), cache_root=tmp_path / "cache", data_root=tmp_path / "data"
    )


@pytest.fixture
def context(tmp_path: Path) -> Iterator[ReaderContext]:
    opened = open_context(tmp_path)
    yield opened
    opened.close()


def transcript(context: ReaderContext, commands: str, *, width: int = 80, rows: int = 24) -> str:
    """Everything line mode writes for ``commands``; checks it exits 0 and stays plain."""
    out = io.StringIO()
    assert run_line_mode(context, io.StringIO(commands), out, width, rows) == 0
    text = out.getvalue()
    assert_plain(text)
    return text


def replies(context: ReaderContext, commands: str, **size: int) -> list[list[str]]:
    """The lines answered to each command, in order (the start-up line left out)."""
    chunks = PROMPTS.split(transcript(context, commands, **size))
    return [chunk.splitlines() for chunk in chunks[1:]]


def prompts(text: str) -> list[str]:
    """The prompts shown, in order."""
    return [match.group(0) for match in PROMPTS.finditer(text)]


def assert_plain(text: str) -> None:
    """No escape sequence and no control character other than the line feed."""
    assert "\x1b" not in text
    assert not CONTROLS.search(text), CONTROLS.findall(text)


def rendered(context: ReaderContext, article_id: str, width: int = 80) -> list[str]:
    """The lines of an article as line mode shows them."""
    context.sync()
    return render_article_text(context.library.get(article_id), width).split("\n")


# Start, leave, help


def test_start_line_then_quit_and_eof(context: ReaderContext) -> None:
    label = context.source.label
    text = transcript(context, "quit\n")
    assert text == (
        f"zo-reader line mode: 3 articles in {label}. Type help for commands.\nzo-reader> "
    )
    assert transcript(context, "").endswith("zo-reader> \n")  # Ctrl+D ends the line
    assert transcript(context, "EXIT\nlist\n").endswith("zo-reader> ")  # nothing after exit


def test_help_lists_every_command_in_the_table(context: ReaderContext) -> None:
    (shown, *_) = replies(context, "help\n")
    for command in COMMANDS:
        assert f"{command.syntax}: {command.description}" in shown
    assert shown[0].startswith("Commands;")
    assert replies(context, "help fol\n")[0] == [
        "follow N: Follow link N: articles open here, web addresses are only shown."
    ]


def test_unknown_ambiguous_and_misused_commands_answer_in_a_sentence(
    context: ReaderContext,
) -> None:
    assert replies(context, "frobnicate\nb\nlist now\nsort sideways\nsearch\nopen\n")[:6] == [
        ["There is no command 'frobnicate'; type help for the commands."],
        ["'b' could be back, bookmark or bookmarks; type more letters."],
        ["list takes nothing after it; type help list."],
        ["Type sort date for newest first or sort title for alphabetical order."],
        ["Type search and some words, for example search sleep."],
        ["Type open and a number from the last list, an article id or a title."],
    ]


def test_odd_input_is_answered_not_raised(context: ReaderContext) -> None:
    out = replies(context, "list\n\x1b[A\n\u00b2\n" + "9" * 5000 + "\nopen 123456789012345\n")
    assert out[1:5] == [
        ["Arrow and function keys do nothing here; type help for the commands."],
        ["There is no command '\u00b2'; type help for the commands."],
        ["There is no number 0 in the last list, which has 3 entries."],
        ["There is no number 0 in the last list, which has 3 entries."],
    ]


def test_ctrl_c_ends_with_status_130(context: ReaderContext) -> None:
    class Interrupting:
        """A stdin on which Ctrl+C is pressed at the first prompt."""

        def isatty(self) -> bool:
            return False

        def readline(self) -> str:
            raise KeyboardInterrupt

    out = io.StringIO()
    assert run_line_mode(context, cast(TextIO, Interrupting()), out, 80, 24) == 130
    assert out.getvalue().endswith("zo-reader> \n")


def test_commands_need_an_open_article_say_so(context: ReaderContext) -> None:
    no_article = ["No article is open; type open and a number, an id or a title."]
    assert replies(context, "links\nfollow 1\nbookmark\nwhere\nnext\n3\n")[:6] == [
        no_article,
        no_article,
        no_article,
        ["No article is open; type list to see the articles."],
        ["There is nothing to page through; type list to see the articles."],
        ["There is no numbered list yet; type list to see the articles."],
    ]


# Lists


def test_list_and_prefix_case_insensitive(context: ReaderContext) -> None:
    first, second = replies(context, "list\nLI\n")[:2]
    assert first == LIST
    assert second == ["'li' could be list or links; type more letters."]
    assert replies(context, "LIS\n")[0] == LIST


def test_tags_are_numbered_with_counts_and_a_number_filters(context: ReaderContext) -> None:
    tags, chosen = replies(context, "tags\n2\n")[:2]
    assert tags == [
        "6 tags; type a number to list the articles with that tag.",
        "1. sleep: 2 articles",
        "2. anxiety: 1 article",
        "3. boundaries: 1 article",
        "4. communication: 1 article",
        "5. family: 1 article",
        "6. movement: 1 article",
    ]
    assert chosen[0] == "1 article tagged anxiety, newest first."


def test_tag_filter_add_show_remove_clear(context: ReaderContext) -> None:
    added, more, shown, removed, again, cleared, unknown, empty = replies(
        context,
        "tag sleep\ntag ANXIETY\ntag\ntag -sleep\ntag -sleep\ntag clear\ntag nope\ntag clear\n",
    )[:8]
    assert added == [
        "2 articles tagged sleep, newest first.",
        f"1. {EVENING}",
        "    2026-03-02, by Ana P., 1 min read, tags: sleep, movement",
        f"2. {RACING}",
        "    2026-01-15, by Ben K., 1 min read, tags: sleep, anxiety",
    ]
    assert more[0] == "1 article tagged sleep and anxiety, newest first."
    assert shown == ["Only articles tagged sleep and anxiety are listed."]
    assert removed[0] == "1 article tagged anxiety, newest first."
    assert again == ["The filter has no tag 'sleep'."]
    assert cleared == ["The tag filter is cleared.", *LIST]
    assert unknown == ["There is no tag 'nope'; type tags to see them all."]
    assert empty == ["The tag filter is already empty."]


def test_sort_title(context: ReaderContext) -> None:
    (listing, *_) = replies(context, "sort title\n")
    assert listing[0] == "3 articles, by title."
    assert listing[1::2] == [
        f"1. {EVENING}",
        f"2. {FAMILY}",
        f"3. {RACING}",
    ]


def test_search_counts_numbers_and_marks_matches(context: ReaderContext) -> None:
    found, nothing = replies(context, "search racing\nsea zzzzqx\n")[:2]
    assert found[0] == "2 results for racing."
    assert found[1] == f"1. {RACING}"
    assert found[3] == "    Why does my mind [race] at bedtime?"
    assert found[4] == f"2. {EVENING}"
    assert "[racing]" in found[6]
    assert nothing == ["No results for zzzzqx."]


def test_lists_page_with_next_and_prev_and_keep_their_numbers(context: ReaderContext) -> None:
    # rows=7 leaves room for one article a page: a heading, two lines, a footer.
    first, second, enter, end, back, opened = replies(
        context, "list\nnext\n\nnext\nprev\n3\n", rows=7
    )[:6]
    assert first == [
        "Articles 1 to 1 of 3, newest first.",
        f"1. {EVENING}",
        "    2026-03-02, by Ana P., 1 min read, tags: sleep, movement",
        "Page 1 of 3 of the list; type next for more.",
    ]
    assert second[1] == f"2. {RACING}"
    assert enter[1] == f"3. {FAMILY}"
    assert enter[-1] == "Page 3 of 3 of the list."
    assert end == ["That was the end of the list; type open and a number to read one."]
    assert back[1] == f"2. {RACING}"
    assert opened[0] == f"Heading 1: {FAMILY}"


# Opening and reading


def test_open_by_number_id_and_title_prefix(context: ReaderContext) -> None:
    out = replies(context, "list\nopen 1\nopen racing-thoughts\nopen how do\n")
    assert out[1] == rendered(context, "evening-walks")
    assert out[2] == rendered(context, "racing-thoughts")
    assert out[3] == rendered(context, "nested/deeper/inner")


def test_open_number_out_of_range_and_missing_article(context: ReaderContext) -> None:
    assert replies(context, "list\nopen 9\n0\nopen no-such-thing\n")[1:4] == [
        ["There is no number 9 in the last list, which has 3 entries."],
        ["There is no number 0 in the last list, which has 3 entries."],
        ["No article matches 'no-such-thing'."],
    ]


def test_ambiguous_reference_lists_the_candidates(tmp_path: Path) -> None:
    library = tmp_path / "library"
    write(library, "sleep-a.md", "# Sleep better\n\nOne.\n")
    write(library, "sleep-b.md", "# Sleep longer\n\nTwo.\n")
    with closing(open_context(tmp_path, library)) as opened:
        candidates, chosen = replies(opened, "open sleep\n2\n")[:2]
    assert candidates == [
        "'sleep' matches 2 articles; type open and a number to pick one.",
        "1. Sleep better",
        "    sleep-a",
        "2. Sleep longer",
        "    sleep-b",
    ]
    assert chosen[0] == "Heading 1: Sleep longer"


def test_article_pages_like_more(context: ReaderContext) -> None:
    lines = rendered(context, "evening-walks")
    assert len(lines) > 16  # three pages of eight lines at rows=10
    text = transcript(context, "open evening-walks\n\nnext\nnext\nprev\nwhere\ntop\n", rows=10)
    assert prompts(text)[1:] == [
        "-- page 1 of 3, Enter or next for more, help for commands -- ",
        "-- page 2 of 3, Enter or next for more, help for commands -- ",
        "-- page 3 of 3, end of article, help for commands -- ",
        "-- page 3 of 3, end of article, help for commands -- ",
        "-- page 2 of 3, Enter or next for more, help for commands -- ",
        "-- page 2 of 3, Enter or next for more, help for commands -- ",
        "-- page 1 of 3, Enter or next for more, help for commands -- ",
    ]
    chunks = [chunk.splitlines() for chunk in PROMPTS.split(text)]
    assert chunks[1] == lines[:8]
    assert chunks[2] == lines[8:16]  # Enter alone
    assert chunks[3] == lines[16:]
    assert chunks[4] == ["That was the last page; type top, links or list."]
    assert chunks[5] == lines[8:16]
    assert chunks[6] == [f"Reading {EVENING} (evening-walks), page 2 of 3."]
    assert chunks[7] == lines[:8]


def test_width_wraps_the_text(context: ReaderContext) -> None:
    text = transcript(context, "open evening-walks\n", width=40)
    assert "Often, yes. A gentle walk after dinner" in text
    body = text.split("zo-reader> ", 1)[1].split("-- page")[0]
    assert max(len(line) for line in body.splitlines()) <= 40


def test_links_follow_and_back(context: ReaderContext) -> None:
    replies_ = replies(
        context, "open evening-walks\nlinks\nfollow 2\nfollow 1\nwhere\nback\nfollow 7\n"
    )
    assert replies_[1] == [
        "2 links; type follow and a number to follow one.",
        "[1] racing thoughts: racing-thoughts.md",
        "[2] WHO: https://www.who.int/",
    ]
    assert replies_[2] == [
        "Link 2 goes to https://www.who.int/; line mode does not open browsers, "
        "so copy the address to visit it."
    ]
    assert replies_[3][0] == f"Heading 1: {RACING}"
    assert replies_[4] == [f"Reading {RACING} (racing-thoughts), page 1 of 1."]
    assert replies_[5][0] == f"Heading 1: {EVENING}"
    assert replies_[6] == ["Type follow and a link number from 1 to 2; links lists them."]


def test_back_without_history_and_back_after_a_list(context: ReaderContext) -> None:
    out = replies(context, "open racing-thoughts\nback\nlist\nback\n")
    assert out[1] == ["There is no earlier article in this session."]
    assert out[3][0] == f"Heading 1: {RACING}"  # the article the list closed


def _long_library(root: Path) -> Path:
    paragraphs = "\n\n".join(f"Paragraph {n} of the first part." for n in range(12))
    lines = "\n\n".join(f"Line {n} of part two." for n in range(10))
    write(
        root,
        "long.md",
        f"# Long one\n\nJump to [the second part](#second-part) or [other](other.md#deep).\n\n"
        f"{paragraphs}\n\n## Second part\n\n{lines}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "## Third\n\nEnd.\n",
    )
    filler = "\n\n".join(f"Filler {n}." for n in range(10))
    write(root, "other.md", f"# Other\n\n{filler}\n\n## Deep\n\nDeep text.\n")
    return root


def test_follow_anchor_starts_the_page_at_the_heading(tmp_path: Path) -> None:
    library = _long_library(tmp_path / "library")
    with closing(open_context(tmp_path, library)) as opened:
        out = replies(opened, "open long\nfollow 1\nwhere\nfollow 2\n", rows=10)
    assert out[1][0] == "Heading 2: Second part"
    assert out[2] == ["Reading Long one (long), page 4 of 8."]
    assert out[3][0] == "Heading 2: Deep"  # another article, at its heading


def test_positions_are_saved_and_resumed(tmp_path: Path) -> None:
    library = _long_library(tmp_path / "library")
    with closing(open_context(tmp_path, library)) as opened:
        transcript(opened, "open long\nnext\nnext\nquit\n", rows=10)
        key = opened.source.key
    saved = ReadingState(tmp_path / "data" / "state.json", key).position("long")
    assert isinstance(saved, tuple) and saved > (0, 0)  # a place in the source
    with closing(open_context(tmp_path, library)) as opened:
        out = replies(opened, "open long\n", rows=10)
        assert out[0][0] == "Resuming at page 3 of 8; type top for the first page."
        assert out[0][1:] == rendered(opened, "long")[16:24]  # the page left


def test_every_page_reopens_where_it_was_left(tmp_path: Path) -> None:
    library = _long_library(tmp_path / "library")
    for pages_on in range(1, 8):
        with closing(open_context(tmp_path, library)) as opened:
            left = replies(opened, "open long\ntop\n" + "next\n" * pages_on + "quit\n", rows=10)
        with closing(open_context(tmp_path, library)) as opened:
            again = replies(opened, "open long\n", rows=10)
        assert again[0][1:] == left[-2], pages_on  # the "Resuming" line, then the same page


def test_a_position_saved_by_the_tui_lands_on_its_heading(tmp_path: Path) -> None:
    library = _long_library(tmp_path / "library")
    with closing(open_context(tmp_path, library)) as opened:
        opened.library.sync()
        body = opened.library.get("long").body
        document = layout(parse_markdown(body), 80)
        third = next(h.line for h in document.headings if h.anchor == "third")
        opened.state.set_position("long", third)
        opened.state.save()
    with closing(open_context(tmp_path, library)) as opened:
        out = replies(opened, "open long\n", rows=10)
    assert out[0][0].startswith("Resuming at page ")
    assert out[0][1] == "Heading 2: Third"


# Bookmarks


def test_bookmark_is_shared_through_the_state_file(context: ReaderContext, tmp_path: Path) -> None:
    out = replies(context, "open racing-thoughts\nbookmark\nwhere\nbookmarks\n")
    assert out[1] == [f"Bookmarked {RACING}"]
    assert out[2] == [f"Reading {RACING} (racing-thoughts, bookmarked), page 1 of 1."]
    assert out[3] == [
        "1 bookmark, most recent first.",
        f"1. {RACING}",
        "    2026-01-15, by Ben K., 1 min read, tags: sleep, anxiety",
    ]
    state_file = tmp_path / "data" / "state.json"
    document = json.loads(state_file.read_text())
    assert document["sources"][context.source.key]["bookmarks"] == ["racing-thoughts"]
    assert ReadingState(state_file, context.source.key).bookmarks() == ["racing-thoughts"]
    removed = replies(context, "open racing-thoughts\nbookmark\nbookmarks\n")
    assert removed[1] == [f"Bookmark removed from {RACING}"]
    assert removed[2] == ["There are no bookmarks yet; type bookmark while reading to add one."]
    assert ReadingState(state_file, context.source.key).bookmarks() == []


# Hostile content and input


def test_hostile_article_and_input_print_no_control_characters(tmp_path: Path) -> None:
    library = tmp_path / "library"
    write(
        library,
        "evil.md",
        '---\ntitle: "Evil \\e]8;;https://x.example\\a title\\e[31m red"\n'
        'tags: ["bad\\e[2Jtag"]\nauthor: "\\e]0;pwned\\a Mallory"\n---\n\n'
        "Body \x1b[2J clears \x1b]52;c;SGVsbG8=\x07 the clipboard \x9b31m.\n\n"
        "[a \x1b[5mlink](https://evil.example/\x1b[31m) and \x07 bell and \r return.\n\n"
        "```\n\tcode with tab \x1b[1m\n```\n",
    )
    commands = (
        "list\ntags\nsearch clears\nopen 1\nlinks\nfollow 1\nwhere\nbookmark\nbookmarks\n"
        "open \x1b[31mred\nfoo\x1b]0;x\x07\ntag \x1b[2Jbad\n"
    )
    with closing(open_context(tmp_path, library)) as opened:
        text = transcript(opened, commands)  # transcript asserts the output is plain
    assert "Evil" in text and "Mallory" in text and "the clipboard" in text
    assert "code with tab" in text


# The real command


def run_cli(
    *args: str, stdin: str | int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        input=stdin if isinstance(stdin, str) else None,
        # Never the developer's terminal: that would make zo-reader wait for typing.
        stdin=stdin
        if isinstance(stdin, int)
        else None
        if isinstance(stdin, str)
        else (subprocess.DEVNULL),
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", "LINES": "24", **(env or {})},
        timeout=60,
        check=False,
    )


def test_cli_line_option_reads_commands_from_a_pipe() -> None:
    result = run_cli("--line", str(FIXTURES), stdin="list\nopen 1\nquit\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("zo-reader line mode: 3 articles in ")
    assert "zo-reader> 3 articles, newest first.\n1. Do evening walks" in result.stdout
    assert f"zo-reader> Heading 1: {EVENING}\n" in result.stdout
    assert result.stdout.endswith("-- page 1 of 1, end of article, help for commands -- ")
    assert_plain(result.stdout)


def test_cli_line_width_option_and_eof() -> None:
    result = run_cli("open", "--line", "--width", "30", str(FIXTURES), stdin="open evening\n")
    assert result.returncode == 0, result.stderr
    assert "Often, yes. A gentle walk\n" in result.stdout
    assert result.stdout.endswith("help for commands -- \n")


def test_cli_dumb_terminal_with_piped_stdin_still_prints_the_list() -> None:
    result = run_cli(str(FIXTURES), stdin="quit\n", env={"TERM": "dumb"})
    assert result.returncode == 0, result.stderr
    assert result.stdout == (FIXTURES.parent.parent / "cli" / "golden" / "list.txt").read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_dumb_terminal_chooses_line_mode() -> None:
    """TERM=dumb (Emacs's M-x shell) with a terminal as input and output: line mode."""
    from tests.terminal import Terminal

    argv = [sys.executable, "-m", "zo_reader", str(FIXTURES)]
    with Terminal(argv, cols=80, rows=24, term="dumb", quit_keys=b"quit\r") as term:
        term.wait_for("zo-reader line mode: 3 articles in ", 30)
        term.send(b"list\r")
        term.wait_for("3 articles, newest first.", 30)
        term.send(b"quit\r")
        assert term.wait_exit(10) == 0
        assert_plain(term.raw.decode().replace("\r\n", "\n"))


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_dumb_terminal_piped_out_prints_the_list() -> None:
    """Output to a pipe is never line mode unless asked, even on TERM=dumb: no prompt for less."""
    import pty

    controller, terminal = pty.openpty()
    try:
        result = run_cli(str(FIXTURES), stdin=terminal, env={"TERM": "dumb"})
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (FIXTURES.parent.parent / "cli" / "golden" / "list.txt").read_text()
