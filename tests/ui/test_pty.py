"""The real program on a real pseudo-terminal: what it shows and every byte it writes.

Pilot tests prove behaviour inside Textual; these prove what reaches a
terminal: the screen at 80x24, silence when idle, the terminal restored on
quit, and that nothing in an article can make the app write an escape
sequence of its own (window titles, clipboard, device control, bells).
The app runs as users run it, with animations at their default.
"""

from __future__ import annotations

import re
import shutil
import termios
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.terminal import Terminal
from tests.ui.conftest import Launch

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
COLS, ROWS = 80, 24
START_TIMEOUT = 30.0
"""Generous: the first start in a fresh virtualenv compiles bytecode and builds the index."""

LIST_FOOTER = "⏎ Open"
READER_FOOTER = "b Bookmark"
LINK_SCREEN = "This link leads outside the library"


def press(term: Terminal, key: str, quiet: float = 0.15) -> None:
    """Press a key and wait for the app to finish repainting."""
    term.press(key)
    term.settle(quiet)


def quit_cleanly(term: Terminal) -> None:
    """``q`` ends the program with status 0."""
    term.send("q")
    assert term.wait_exit(10) == 0, term.screen_text()


def copy_fixtures(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    shutil.copytree(FIXTURES, library)
    return library


def long_article(paragraphs: int = 40) -> str:
    """An article several screens long, newest of the library so it is listed first."""
    lines = ["---", "title: A long read about tides", "date: 2030-01-01", "tags: [sea]", "---", ""]
    for number in range(1, paragraphs + 1):
        if number % 10 == 1:
            lines += [f"## Chapter {number // 10 + 1} of the tides", ""]
        lines += [f"Paragraph {number:02d} says the sea comes in and goes out again.", ""]
    return "\n".join(lines)


# -- start-up, reading, quitting ---------------------------------------------------------


def test_startup_shows_titles_status_and_footer(launch: Launch) -> None:
    """The list of the fixtures, its status line and the key footer are on screen."""
    term = launch()
    term.wait_for("Do evening walks help me sleep?", START_TIMEOUT)
    term.wait_for(LIST_FOOTER)
    term.settle()
    screen = term.screen_text()
    assert "Why does my mind race at bedtime?" in screen
    assert "Article 1 of 3: Do evening walks help me sleep?" in screen
    assert "q Quit" in term.line(ROWS - 1)
    assert "? Help" in term.line(ROWS - 1)
    quit_cleanly(term)


def test_enter_reads_pagedown_pages_escape_returns_q_restores(
    launch: Launch, tmp_path: Path
) -> None:
    """Enter opens the highlighted article, PageDown moves, Escape returns, q leaves cleanly."""
    library = copy_fixtures(tmp_path)
    (library / "long-read.md").write_text(long_article(), encoding="utf-8")
    term = launch(library)
    term.wait_for("A long read about tides", START_TIMEOUT)
    term.wait_for(LIST_FOOTER)
    term.settle()

    term.press("enter")
    term.wait_for("Chapter 1 of the tides")
    term.wait_for(READER_FOOTER)
    term.settle()
    assert "Paragraph 01 says" in term.screen_text()
    before = term.lines()

    term.press("pagedown")
    term.wait_until(lambda rows: rows != before, what="the article to move")
    term.settle()
    after = term.screen_text()
    assert "Paragraph 01 says" not in after, after
    shown = set(re.findall(r"Paragraph (\d\d)", after))
    assert shown - set(re.findall(r"Paragraph (\d\d)", "\n".join(before))), after

    term.press("escape")
    term.wait_for(LIST_FOOTER)
    term.wait_for("Why does my mind race at bedtime?")
    term.settle()

    quit_cleanly(term)
    raw = term.raw
    # Each mode the app switched on is switched off again after it was last switched on.
    for on, off in [
        (b"\x1b[?1049h", b"\x1b[?1049l"),  # alternate screen
        (b"\x1b[?25l", b"\x1b[?25h"),  # cursor hidden
        (b"\x1b[?1000h", b"\x1b[?1000l"),  # mouse reporting
        (b"\x1b[?1003h", b"\x1b[?1003l"),
        (b"\x1b[?1006h", b"\x1b[?1006l"),
        (b"\x1b[?2004h", b"\x1b[?2004l"),  # bracketed paste
        (b"\x1b[?1004h", b"\x1b[?1004l"),  # focus events
        (b"\x1b[?7l", b"\x1b[?7h"),  # line wrap was switched off
        (b"\x1b[>", b"\x1b[<u"),  # kitty keyboard protocol
    ]:
        assert on in raw, on
        assert raw.rfind(off) > raw.rfind(on), (on, off)
    # The pty is back in the mode it started in (cooked, echoing).
    now = term.termios_now()
    assert now[3] & (termios.ICANON | termios.ECHO) == termios.ICANON | termios.ECHO
    assert now[:4] == term.initial_termios[:4]


@pytest.mark.parametrize("name", ["note.md", "note.txt"])
def test_a_small_file_opens_in_the_reader_and_stays_there(
    launch: Launch, tmp_path: Path, name: str
) -> None:
    """``zo-reader FILE`` on a fresh index: the file's article is read, not just listed.

    The index learns of the file in the background; opening it then hides the list
    that had focus, and focus must not fall back to the list's search field. Whether
    the list has focus by then depends on timing: ``test_first_sync`` holds the sync
    to force that order; this is the same path end to end, as a user starts it.
    """
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / name).write_text("# Small note\n\nA body line about gardening here.\n")
    (folder / "other.md").write_text("# Another note\n\nSomething else entirely.\n")
    term = launch(folder / name)
    term.wait_for("A body line about gardening here.", START_TIMEOUT)
    term.wait_for(READER_FOOTER)
    term.wait_for("Reading: Small note")
    term.settle()
    screen = term.screen_text()
    assert "A body line about gardening here." in screen, screen
    assert READER_FOOTER in screen and LIST_FOOTER not in screen, screen

    press(term, "escape")
    term.wait_for(LIST_FOOTER)
    term.press("enter")
    term.wait_for(READER_FOOTER)
    quit_cleanly(term)


# -- silence when idle --------------------------------------------------------------------


@pytest.mark.slow
def test_idle_writes_nothing_on_the_list_in_search_or_while_reading(launch: Launch) -> None:
    """No clock, no blinking cursor, no animation: 2 s without a key means 0 bytes.

    Screen readers that speak new output would speak every such write.
    """
    term = launch()
    term.wait_for(LIST_FOOTER, START_TIMEOUT)
    term.settle(0.5)
    assert term.idle_bytes(2.0) == 0, "list"

    term.press("/")
    term.wait_gone(LIST_FOOTER)
    term.settle(0.5)
    assert term.idle_bytes(2.0) == 0, "search field"
    term.press("escape")
    term.wait_for(LIST_FOOTER)
    term.settle(0.5)

    term.press("enter")
    term.wait_for(READER_FOOTER)
    term.settle(0.5)
    assert term.idle_bytes(2.0) == 0, "reader"
    quit_cleanly(term)


# -- hostile content ----------------------------------------------------------------------

# Escape sequences a hostile article may carry: window title (OSC 0, OSC 2),
# clipboard write (OSC 52), a hyperlink (OSC 8), screen clear and cursor home,
# a device control string (DECRQSS), an 8-bit CSI, a bell, backspaces and a
# right-to-left override.
ESC_PAYLOAD = (
    "\x1b]0;PWNED\x07"
    "\x1b]2;PWNED\x1b\\"
    "\x1b]52;c;cHduZWQ=\x07"
    "\x1b]8;;https://PWNED.example/\x1b\\clickme\x1b]8;;\x1b\\"
    "\x1b[2J\x1b[H"
    "\x1bP1$qm\x1b\\"
    "\u009b2J"
    "\x07\x08\x08"
    "\u202e"
)
# The same in YAML double-quoted escapes (YAML refuses raw control characters).
YAML_PAYLOAD = (
    r"\e]0;PWNED\a\e]2;PWNED\e\\\e]52;c;cHduZWQ=\a"
    r"\e]8;;https://PWNED.example/\e\\clickme\e]8;;\e\\"
    r"\e[2J\e[H\eP1$qm\e\\\x9b2J\a\b\b\u202E"
)
# And in TOML basic-string escapes.
TOML_PAYLOAD = (
    r"\u001b]0;PWNED\u0007\u001b]2;PWNED\u001b\\\u001b]52;c;cHduZWQ=\u0007"
    r"\u001bP1$qm\u001b\\\u009b2J\u0007\b\u202E"
)


def hostile_library(root: Path) -> Path:
    """Articles with escape sequences in every field that reaches the screen."""
    root.mkdir()
    p = ESC_PAYLOAD
    body = "\n".join(f"Paragraph {n:02d} {p} of hostile prose.\n" for n in range(1, 31))
    (root / "front-matter.md").write_text(
        "---\n"
        f'title: "Yaml {YAML_PAYLOAD} title"\n'
        f'tags: ["tag{YAML_PAYLOAD}", "bell\\a", "rtl\\u202Eltr"]\n'
        f'author: "Auth {YAML_PAYLOAD} or"\n'
        f'summary: "Sum {YAML_PAYLOAD} mary"\n'
        "date: 2026-05-01\n"
        "---\n\n"
        f"# Heading {p} one\n\n"
        f"Body {p} text with a [link {p} text](https://example.com/{p}path).\n\n"
        f"- item {p}\n  - nested {p}\n\n"
        f"| head {p} | b |\n| --- | --- |\n| cell {p} | c |\n\n"
        f"> quote {p}\n\n"
        f"```\ncode {p}\n```\n\n"
        f"![image {p}](https://example.com/{p}.png)\n\n"
        f"{body}\n\n#hash{p}tag #sleep\n",
        encoding="utf-8",
    )
    (root / "heading-title.md").write_text(
        f"# Raw {p} heading title\n\n{body}\n\n[second link](https://example.org/{p})\n",
        encoding="utf-8",
    )
    (root / "toml.md").write_text(
        "+++\n"
        f'title = "Toml {TOML_PAYLOAD} title"\n'
        f'tags = ["toml{TOML_PAYLOAD}"]\n'
        'date = "2026-04-01"\n'
        "+++\n\n"
        f"Toml body {p}.\n",
        encoding="utf-8",
    )
    # Raw control characters inside YAML: a parse error whose message may quote them.
    (root / "broken-yaml.md").write_text(
        f"---\ntitle: Broken {p} yaml\ntags: [a, {p}]\n---\n\nBroken body {p}.\n",
        encoding="utf-8",
    )
    # The file name itself (the article id) carries the sequences too.
    (root / f"name{p.replace('/', '')}.md").write_text("Named body.\n", encoding="utf-8")
    return root


HOSTILE_ARTICLES = 5

# Sequences that Textual 8.2 itself writes whatever the content, checked by
# running the benign fixtures: on start-up and whenever a screen is pushed or
# popped, Screen.update_pointer_shape() sets the mouse pointer shape with the
# kitty protocol, OSC 22, terminated by BEL. It is the only OSC and the only
# BEL in a walk without mouse input. (Textual also writes OSC 8 for widgets
# that use link styles, OSC 52 for copy_to_clipboard and BEL for App.bell;
# this walk triggers none of them, so none is allowed.)
TEXTUAL_OWN = [b"\x1b]22;default\x07"]

FORBIDDEN = [
    b"\x1b]0;",  # window title
    b"\x1b]2;",  # window title
    b"\x1b]52;",  # clipboard
    b"\x1bP",  # device control string
    b"\x07",  # bell (also ends an OSC)
    b"\x08",  # backspace
    b"\x1b[2J",  # clear screen: Textual addresses every row instead
    b"\x1b[H",  # bare cursor home: Textual always writes row;col
    b"\xe2\x80\xae",  # U+202E right-to-left override
]
C1_CONTROLS = re.compile(rb"\xc2[\x80-\x9f]")  # includes \xc2\x9b, the 8-bit CSI
OSC = re.compile(rb"\x1b\](.*?)(?:\x07|\x1b\\)", re.DOTALL)
# What Textual's escapes look like: CSI with numeric, private (?) and kitty (<, >)
# parameters, an optional intermediate ($ in DECRQM) and a final byte.
TEXTUAL_CSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]?[@-~]")


def assert_nothing_injected(raw: bytes) -> None:
    """Only Textual's own escape sequences, no control characters from content."""
    for osc in OSC.findall(raw):
        assert b"PWNED" not in osc, osc
    cleaned = raw
    for own in TEXTUAL_OWN:
        cleaned = cleaned.replace(own, b"")
    for pattern in FORBIDDEN:
        at = cleaned.find(pattern)
        assert at < 0, f"{pattern!r} written: {cleaned[max(0, at - 60) : at + 60]!r}"
    c1 = C1_CONTROLS.search(cleaned)
    assert c1 is None, f"C1 control written: {cleaned[c1.start() - 60 : c1.end() + 60]!r}"
    # Every ESC that is left starts a plain CSI sequence: no OSC, DCS, APC, PM, SOS.
    leftover = TEXTUAL_CSI.sub(b"", cleaned)
    at = leftover.find(b"\x1b")
    assert at < 0, f"unexpected escape: {leftover[max(0, at - 60) : at + 60]!r}"
    # Payloads are removed whole, never left behind as stray text.
    assert b"PWNED" not in raw
    assert b"cHduZWQ" not in raw


def walk_every_article(term: Terminal, count: int) -> int:
    """Open each article, page through it, open a link and the contents, return.

    Returns:
        How many times the external-link screen (which shows the full URL) opened.
    """
    links = 0
    for index in range(count):
        if index:
            press(term, "down")
        term.press("enter")
        term.wait_for(READER_FOOTER)
        term.settle(0.15)
        for _ in range(2):
            press(term, "pagedown")
        press(term, ".")  # select the next link, if any
        press(term, "enter")
        try:  # a loaded machine may draw the link screen after press() has returned
            term.wait_for(LINK_SCREEN, timeout=3)
        except TimeoutError:
            pass  # this article has no link: Enter did nothing
        else:
            links += 1
            term.press("escape")
            term.wait_gone(LINK_SCREEN)
        press(term, "o")  # table of contents (headings)
        press(term, "escape")
        term.press("escape")
        term.wait_for(LIST_FOOTER)
        term.settle(0.15)
    # Tag sidebar and search results show titles and tags in other widgets.
    press(term, "t")
    press(term, "escape")
    press(term, "/")
    term.send("hostile")
    term.settle(0.4)
    press(term, "enter")
    press(term, "escape")
    return links


@pytest.mark.slow
@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
def test_hostile_content_writes_no_escape_sequences(
    launch: Launch, tmp_path: Path, no_color: bool
) -> None:
    """Titles, tags, bodies, URLs and cells full of escape sequences reach no terminal."""
    library = hostile_library(tmp_path / "hostile")
    extra: Mapping[str, str] = {"NO_COLOR": "1"} if no_color else {}
    term = launch(library, **extra)
    term.wait_for(LIST_FOOTER, START_TIMEOUT)
    term.wait_for("Yaml")
    term.settle()
    assert f"Article 1 of {HOSTILE_ARTICLES}" in term.screen_text()

    assert walk_every_article(term, HOSTILE_ARTICLES) >= 2  # both articles with links

    assert term.window_title == ""
    assert {number for number, _ in term.osc_sequences()} <= {22}  # pointer shape only
    quit_cleanly(term)  # still responsive
    assert b"clickme" in term.raw  # the hostile text was drawn, without its escapes
    assert_nothing_injected(term.raw)


# -- NO_COLOR -----------------------------------------------------------------------------

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(raw: bytes) -> list[bytes]:
    """Every SGR sequence that sets a colour (16, 256 or RGB; foreground or background).

    39 and 49 (the terminal's default colours) are not colours.
    """
    found = []
    for match in SGR.finditer(raw):
        for param in match.group(1).replace(b":", b";").split(b";"):
            code = int(param or b"0")
            if code in (38, 48) or 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 107:
                found.append(match.group())
                break
    return found


def test_no_color_writes_no_colour_codes(launch: Launch, tmp_path: Path) -> None:
    """With NO_COLOR=1 the frames carry attributes (bold, reverse) but no colours."""
    library = copy_fixtures(tmp_path)
    (library / "long-read.md").write_text(long_article(), encoding="utf-8")
    term = launch(library, NO_COLOR="1")
    term.wait_for(LIST_FOOTER, START_TIMEOUT)
    term.settle()
    press(term, "enter")
    press(term, "pagedown")
    press(term, "escape")
    press(term, "?")
    press(term, "escape")
    quit_cleanly(term)
    found = colour_codes(term.raw)
    assert not found, f"{len(found)} colour codes under NO_COLOR, first {found[0]!r}"
