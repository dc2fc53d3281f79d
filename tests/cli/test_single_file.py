"""One file opened on its own, large articles, and output to a pipe (issue 11, part 4).

Every test runs the real program in a subprocess with the test's own user folders.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write


def run(
    *args: str, stdin: int | None = subprocess.DEVNULL, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m zo_reader ARGS`` with stdout and stderr pipes."""
    return subprocess.run(
        [sys.executable, "-m", "zo_reader", *args],
        stdin=None if input_text is not None else stdin,
        input=input_text,
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "xterm-256color"},
        timeout=120,
        check=False,
    )


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def stored_bytes(home: Path) -> int:
    """Bytes of every file zo-reader keeps under the test's cache and data folders."""
    return sum(
        path.stat().st_size
        for kind in ("cache", "data")
        for path in (home / kind).rglob("*")
        if path.is_file()
    )


def book(size: int, last_word: str) -> str:
    """A Markdown book of about ``size`` bytes: chapters of paragraphs, a rare word at the end."""
    paragraph = " ".join(f"The tide came in over stone number {n}." for n in range(12)) + "\n\n"
    parts = ["# A very long book\n\nFirst words of the very long book.\n\n"]
    total, chapter = len(parts[0]), 0
    while total < size:
        chapter += 1
        text = f"## Chapter {chapter}\n\n" + paragraph * 20
        parts.append(text)
        total += len(text)
    parts.append(f"The last line holds {last_word} and ends the book.\n")
    return "".join(parts)


def test_a_six_megabyte_article_is_listed_found_and_read(tmp_path: Path) -> None:
    """Over the old 5 MiB cap: listed with its title, found by its last word, read to the end."""
    library = tmp_path / "books"
    write(library, "short.md", "# A short note\n\nOnly a few words.\n")
    big = write(library, "long-book.md", book(6_000_000, "zanzibarquux"))
    assert big.stat().st_size > 5 * 1024 * 1024
    listed = ok("list", "-s", str(library))
    assert "A very long book" in listed and "2 articles." in listed
    found = ok("search", "zanzibarquux", "-s", str(library))
    assert "A very long book" in found
    text = ok("read", "long-book", "-s", str(library))
    assert text.startswith("Heading 1: A very long book")
    assert "ends the book." in text[-200:]


def test_one_file_writes_no_index_of_its_neighbours(
    tmp_path: Path, isolated_user_dirs: Path
) -> None:
    """``zo-reader FILE``: the file and the neighbour it links to, nothing of the other 300."""
    folder = tmp_path / "notes"
    for number in range(300):
        write(folder, f"other-{number}.md", f"# Other {number}\n\n" + "Words of text. " * 200)
    write(folder, "linked.md", "# The linked note\n\nReached by a link.\n")
    write(folder, "deeper/inner.md", "# Inner\n\nIn a folder below.\n")
    start = write(folder, "start.md", "# Start here\n\nSee [the linked one](linked.md).\n")
    before = stored_bytes(isolated_user_dirs)
    printed = ok(str(start))
    assert printed.startswith("Heading 1: Start here")
    listed = ok("list", "-s", str(start))
    assert "Start here" in listed and "The linked note" in listed and "2 articles." in listed
    assert "Other 1" not in listed and "Inner" not in listed
    assert stored_bytes(isolated_user_dirs) == before == 0
    # The measure can fail: asked for the folder, its index is written.
    whole = ok("--folder", str(start))
    assert whole.startswith("Heading 1: Start here")
    assert stored_bytes(isolated_user_dirs) > 100_000


def test_etc_style_file_opens_alone(tmp_path: Path, isolated_user_dirs: Path) -> None:
    """A text file without an extension in a folder of binaries and others is read by itself."""
    folder = tmp_path / "etc"
    write(folder, "hostname", "reading-room\n")
    write(folder, "other.conf", "setting = 1\n")
    write(folder, "blob.bin", b"\x00\x01\x02" * 100)
    assert ok(str(folder / "hostname")).rstrip().endswith("reading-room")
    assert ok("list", "-s", str(folder / "hostname")).endswith("1 article.\n")
    assert stored_bytes(isolated_user_dirs) == 0


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "is a binary file, not an article."),
        (b"", "is empty: there is nothing to read."),
        (b"  \n\n\t\n", "is empty: there is nothing to read."),
    ],
    ids=["binary", "empty", "blank"],
)
def test_a_file_that_is_not_an_article_gets_one_sentence(
    tmp_path: Path, isolated_user_dirs: Path, content: bytes, said: str
) -> None:
    path = write(tmp_path / "files", "picture.md", content)
    write(tmp_path / "files", "neighbour.md", "# Neighbour\n\nText.\n")
    result = run(str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"zo-reader: {path} {said}\n"
    assert stored_bytes(isolated_user_dirs) == 0


def test_a_device_gets_one_sentence() -> None:
    result = run(os.devnull)
    assert result.returncode == 1
    assert (
        result.stderr
        == f"zo-reader: {os.devnull} is a device or pipe, not an article or a folder.\n"
    )


def test_a_file_over_the_cap_gets_one_sentence(tmp_path: Path) -> None:
    path = write(tmp_path, "big.md", "# Big\n\n" + "word " * 5000)
    result = subprocess.run(
        [sys.executable, "-m", "zo_reader", str(path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "ZO_READER_MAX_FILE_SIZE": "1000"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "larger than the" in result.stderr and result.stderr.count("\n") == 1


def test_piped_with_a_terminal_as_input_prints_plain_text(tmp_path: Path) -> None:
    """``zo-reader FILE | less``: stdin is the terminal, stdout a pipe: the article, no prompt."""
    path = write(tmp_path, "walk.md", "# An evening walk\n\nThe *river* was **quiet**.\n")
    controller, terminal = os.openpty()
    try:
        result = run(str(path), stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Heading 1: An evening walk\nReading time: 1 minute\n\nThe river was quiet.\n"
    )
    assert "zo-reader>" not in result.stdout and "\x1b" not in result.stdout


def test_line_mode_with_line_even_when_piped(tmp_path: Path) -> None:
    """``--line`` starts line mode with stdout a pipe; the file opens at once."""
    path = write(tmp_path, "walk.md", "# An evening walk\n\nThe river was quiet.\n")
    result = run("--line", str(path), input_text="q\n")
    assert result.returncode == 0, result.stderr
    assert "The river was quiet." in result.stdout
    assert result.stdout.startswith("zo-reader line mode: 1 article in ")
    assert "-- page 1 of 1, end of article" in result.stdout  # its prompt, not the plain print


def test_private_single_file_writes_nothing(tmp_path: Path, isolated_user_dirs: Path) -> None:
    path = write(tmp_path, "walk.md", "# An evening walk\n\nThe river was quiet.\n")
    result = run("--line", "--private", str(path), input_text="b\nq\n")
    assert result.returncode == 0, result.stderr
    assert not any(p.is_file() for p in isolated_user_dirs.rglob("*"))


def test_only_linked_neighbours_in_the_same_folder_are_read(tmp_path: Path) -> None:
    """Wikilinks and reference links count; links below, above or out by a symlink do not."""
    folder = tmp_path / "notes"
    write(tmp_path, "secret.md", "# Secret outside\n\nNever read.\n")
    write(folder, "wiki target.md", "# Wiki target\n\nBy wikilink.\n")
    write(folder, "by-reference.md", "# By reference\n\nBy a reference definition.\n")
    write(folder, "sub/below.md", "# Below\n\nIn a folder below.\n")
    (folder / "escape.md").symlink_to(tmp_path / "secret.md")
    start = write(
        folder,
        "start.md",
        "# Start\n\n[[wiki target|the wiki one]], [ref][r], [below](sub/below.md), "
        "[up](../secret.md), [out](escape.md), [web](https://example.org/x.md).\n\n"
        "[r]: ./by-reference.md\n",
    )
    listed = ok("list", "-s", str(start))
    assert "Wiki target" in listed and "By reference" in listed and "3 articles." in listed
    assert "Secret" not in listed and "Below" not in listed


def test_links_are_found_in_every_piece_of_a_long_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read for its links a piece at a time; no link is lost where a piece ends."""
    from zo_reader.core.sources import single_file

    monkeypatch.setattr(single_file, "_CHUNK", 64)
    folder = tmp_path / "book"
    for number in range(12):
        write(folder, f"part-{number}.md", f"# Part {number}\n\nText.\n")
    paragraphs = [
        f"Words of paragraph {n} run on and on, then [part {n}](part-{n}.md)\nwraps."
        for n in range(12)
    ]
    start = write(folder, "start.md", "# Start\n\n" + "\n\n".join(paragraphs) + "\n")
    source = single_file.SingleFileSource(start)
    names = [entry.path for entry in source.entries()]
    assert names == ["start.md", *sorted(f"part-{n}.md" for n in range(12))]
