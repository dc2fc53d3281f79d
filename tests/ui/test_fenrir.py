"""A real terminal screen reader, Fenrir, reading zo-reader in screen-reader mode.

Fenrir runs headless on a pseudo-terminal (``-e``: its own terminal emulation)
with its speech sent to a logger instead of a synthesiser. Keys go to Fenrir,
which passes them to zo-reader; after each key the test reads what Fenrir
would have said. Install Fenrir with ``apt-get install fenrir`` (``.ci/run``
does); without it these tests are skipped.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal import Terminal

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
LOGGER = Path(__file__).resolve().parent.parent / "a11y" / "speech_logger.py"
SETTINGS = Path("/etc/fenrirscreenreader/settings/settings.conf")
BOX_AND_BLOCKS = tuple(chr(code) for code in range(0x2500, 0x25A0))
FENRIRS_OWN = frozenset({"pychant is not installed"})
"""What Fenrir says of itself, not of the screen: its spell-check plug-in announces a
missing library when it loads, which on a busy machine can be well after start-up."""

pytestmark = pytest.mark.skipif(
    shutil.which("fenrir") is None or not SETTINGS.exists(),
    reason="Fenrir is not installed (apt-get install fenrir)",
)


class Speech:
    """Fenrir driving zo-reader, with its utterances read back per key."""

    def __init__(self, terminal: Terminal, log: Path) -> None:
        self.terminal = terminal
        self.log = log

    def said_since(self, start: float) -> str:
        if not self.log.exists():
            return ""
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return " | ".join(
            text
            for stamp, _, text in (line.partition("\t") for line in lines)
            if float(stamp) >= start and text.strip() not in FENRIRS_OWN
        )

    def press(self, key: str, expect: str, timeout: float = 6.0) -> str:
        """Press a key; return what Fenrir said until ``expect`` was spoken (or time ran out).

        Fenrir drops punctuation and doubles spaces as it pleases, so the
        comparison is on words alone.
        """
        start = time.time()
        self.terminal.press(key)
        while time.time() - start < timeout:
            said = self.said_since(start)
            if words(expect) in words(said):
                time.sleep(0.5)  # let the rest of this key's speech arrive
                return self.said_since(start)
            time.sleep(0.1)
        return self.said_since(start)


def words(text: str) -> str:
    """Letters and digits only, single-spaced and lower-case."""
    return " ".join(re.sub(r"[^\w]+", " ", text).lower().split())


@pytest.fixture
def fenrir(tmp_path: Path) -> Iterator[Speech]:
    log = tmp_path / "speech.log"
    app = shlex.join([sys.executable, "-m", "zo_reader", "--screen-reader", str(FIXTURES)])
    speak = f"{shlex.quote(sys.executable)} {shlex.quote(str(LOGGER))} fenrirText"
    options = ";".join(
        [
            "speech#driver=genericDriver",
            f"speech#genericSpeechCommand={speak}",
            "sound#enabled=False",
            "braille#enabled=False",
            "remote#enable=False",
            "general#autoSpellCheck=False",
            f"general#shell={app}",
        ]
    )
    env: dict[str, str | None] = {
        "ZO_READER_SPEECH_LOG": str(log),
        "ZO_READER_CACHE_DIR": str(tmp_path / "cache"),
        "ZO_READER_DATA_DIR": str(tmp_path / "data"),
        "ZO_READER_CONFIG": str(tmp_path / "none.toml"),
    }
    # Index first, so the reader opens on a full list rather than filling it
    # in while Fenrir is already speaking.
    subprocess.run(
        [sys.executable, "-m", "zo_reader", "list", "-s", str(FIXTURES)],
        env={**os.environ, **{k: v for k, v in env.items() if v is not None}},
        capture_output=True,
        check=True,
    )
    argv = ["fenrir", "-e", "-s", str(SETTINGS), "-o", options]
    with Terminal(argv, cols=80, rows=24, env=env, quit_keys=None) as terminal:
        speech = Speech(terminal, log)
        deadline = time.time() + 40
        while "Do evening walks" not in speech.said_since(0) and time.time() < deadline:
            time.sleep(0.5)
        assert "Do evening walks" in speech.said_since(0), speech.said_since(0)
        time.sleep(1.0)
        yield speech


def test_fenrir_speaks_each_newly_focused_item(fenrir: Speech) -> None:
    walk = [
        ("down", "Why does my mind race at bedtime?"),
        ("down", "How do I say no to family?"),
        ("enter", "Heading 1: How do I say no to family?"),
        ("tab", "All articles (3)"),
        ("down", "sleep, 2 articles"),
        # "a" jumps back to the list; Fenrir's -e terminal holds a lone Escape
        # back as the start of a key sequence, so Escape is proved in the pty walk.
        ("a", "How do I say no to family?"),
        ("up", "Why does my mind race at bedtime?"),
    ]
    for key, expected in walk:
        said = fenrir.press(key, expected)
        assert words(expected) in words(said), (key, expected, said)
        assert not any(glyph in said for glyph in BOX_AND_BLOCKS), (key, said)


def test_fenrir_stays_quiet_while_idle(fenrir: Speech) -> None:
    fenrir.press("down", "Why does my mind race at bedtime?")
    start = time.time()
    time.sleep(3)
    assert fenrir.said_since(start) == ""
