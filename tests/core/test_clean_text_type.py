"""The typed output path: every writer to the terminal takes ``CleanText``, not ``str``.

The proof is mypy's own: a snippet hands a raw ``str`` to each typed writer
(the CLI's echo and JSON encoder, line mode's say, the TUI's status line, header, list rows,
tag labels, dialog options and help) and mypy must report every one of those
lines, and nothing else; the same calls with clean text must pass.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from zo_reader.core.sanitize import (
    NO_TEXT,
    CleanText,
    clean_lines,
    clip,
    joined,
    ours,
    part,
    safe_code,
    safe_inline,
    safe_line,
    safe_text,
    spaces,
)

ROOT = Path(__file__).resolve().parents[2]
MYPY = Path(sys.executable).with_name("mypy")

_SNIPPET = """
from rich.style import Style

from zo_reader.cli import output
from zo_reader.cli.line_mode import LineSession
from zo_reader.core.document import Span
from zo_reader.core.sanitize import CleanText, clip, joined, ours, part, safe_line
from zo_reader.ui.app import ZoReaderApp
from zo_reader.ui.article_pages import ArticlePage
from zo_reader.ui.screens.dialog import option
from zo_reader.ui.screens.help import _text
from zo_reader.ui.screens.reading import ReadingScreen
from zo_reader.ui.widgets.article_list import ArticleList, _fit
from zo_reader.ui.widgets.article_view import ArticleView
from zo_reader.ui.widgets.reading_pane import ReadingPane
from zo_reader.ui.widgets.status_line import StatusLine
from zo_reader.ui.widgets.tag_sidebar import _strip


def writers(
    text: {kind},
    status: StatusLine,
    screen: ReadingScreen,
    app: ZoReaderApp,
    pane: ReadingPane,
    view: ArticleView,
    articles: ArticleList,
    page: ArticlePage,
    session: LineSession,
) -> None:
    output.echo(text)  # writer
    output.echo(text, err=True)  # writer
    output.dumps([text])  # writer
    output.dumps({{"title": text}})  # writer
    session.say(text)  # writer
    status.say(text)  # writer
    screen.status(text)  # writer
    app.announce(text)  # writer
    pane.show_message(text)  # writer
    ReadingPane.Status(text)  # writer
    view.clear(text)  # writer
    articles.set_source(page, empty_message=text)  # writer
    _fit([(text, Style())], 10, Style())  # writer
    _strip(text, Style())  # writer
    option(text)  # writer
    _text(text)  # writer
    joined(", ", [text])  # writer
    clip(text, 3)  # writer
    part(text, 1, 2)  # writer
    Span(text, "heading1")  # writer
"""


def _mypy_errors(tmp_path: Path, kind: str) -> tuple[set[int], set[int], str]:
    """Run mypy on the snippet with ``text`` of ``kind``: error lines, writer lines, output."""
    source = _SNIPPET.format(kind=kind)
    snippet = tmp_path / f"snippet_{kind.lower()}.py"
    snippet.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [
            str(MYPY),
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "--python-version",
            "3.11",
            "--follow-imports",
            "silent",
            str(snippet),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = {
        int(found.group(1))
        for found in re.finditer(rf"^{re.escape(str(snippet))}:(\d+): error:", result.stdout, re.M)
    }
    writers = {n for n, line in enumerate(source.splitlines(), 1) if line.endswith("# writer")}
    return errors, writers, result.stdout


@pytest.mark.skipif(not MYPY.exists(), reason="mypy is not installed beside this Python")
def test_mypy_rejects_a_raw_str_in_every_typed_writer(tmp_path: Path) -> None:
    errors, writers, said = _mypy_errors(tmp_path, "str")
    assert errors == writers, said  # each writer refuses a str, and nothing else failed


@pytest.mark.skipif(not MYPY.exists(), reason="mypy is not installed beside this Python")
def test_mypy_accepts_clean_text_in_every_typed_writer(tmp_path: Path) -> None:
    errors, _, said = _mypy_errors(tmp_path, "CleanText")
    assert errors == set(), said


def test_clean_text_is_built_by_hand_only_where_it_is_allowed() -> None:
    """``CleanText(...)`` unchecked is for the sanitiser and the CLI's bold and JSON."""
    allowed = {"src/zo_reader/core/sanitize.py", "src/zo_reader/cli/output.py"}
    found = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if re.search(r"\bCleanText\(", path.read_text(encoding="utf-8"))
    }
    assert found <= allowed, found - allowed


HOSTILE = "\x1b]0;PWND\x07ti\x9b2Jtle\u202e \x1b[2J"


def test_every_constructor_checks_its_text() -> None:
    for made in (safe_line(HOSTILE), safe_text(HOSTILE), ours(HOSTILE)):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", made)
    assert safe_line(HOSTILE) == "title"
    assert ours("3 articles in notes.") == "3 articles in notes."
    assert ours("line one\nline two") == "line one\nline two"  # our own lines are kept


def test_clean_parts_stay_clean_when_joined_or_cut() -> None:
    parts = [safe_line(HOSTILE), ours("draft")]
    assert joined(", ", parts) == "title, draft"
    assert joined(", ", []) == NO_TEXT
    assert clip(safe_line(HOSTILE), 3) == "tit"
    assert part(safe_line(HOSTILE), 1, 3) == "it"
    assert safe_inline("a\tb\nc\u2028d\x1b[2J") == "a b c d"
    assert safe_code("a\tb\nc\u2028d\x1b]0;x\x07") == "a\tb\nc d"
    assert clean_lines(safe_code("one\ntwo")) == ["one", "two"]
    assert spaces(3) == "   " and spaces(-1) == ""
    assert isinstance(joined("", parts), str)  # a NewType: plain str at run time
    assert CleanText is not str
