"""The command line on a web page served on loopback: list, read, and a page with no main text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli, write
from tests.core.test_web_page import ARTICLE, BINARY, serve_pages
from tests.faulty_server import FaultyServer


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with serve_pages() as running:
        yield running


def test_cli_lists_and_reads_a_served_page(server: FaultyServer) -> None:
    url = server.url("/shore/tidal-pools.html")
    listed = run_cli("list", "-s", url, "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["title"], row["date"]) == ("Tidal pools at dawn red", "2025-06-21")
    read = run_cli("read", "-s", url, "tidal-pools", "--format", "text")
    assert read.returncode == 0, read.stderr
    assert "Heading 1: Tidal pools at dawn" in read.stdout and "MENUWORD" not in read.stdout
    assert "\x1b" not in read.stdout + read.stderr
    empty = run_cli("list", "-s", server.url("/loading.html"))
    assert empty.returncode != 0 and empty.stdout == ""
    assert empty.stderr.strip().count("\n") == 0 and "has no main text" in empty.stderr
    assert "Traceback" not in empty.stderr


def test_cli_reads_a_folder_of_saved_pages(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    write(folder, "tidal-pools.html", ARTICLE)
    write(folder, "image.html", BINARY)
    listed = run_cli("list", "-s", str(folder))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0] == "Tidal pools at dawn red"
    found = run_cli("search", "-s", str(folder), "MENUWORD")
    assert found.stdout.strip() == "No results for MENUWORD."
    checked = run_cli("check", "-s", str(folder))
    assert "image.html: error: Skipped image.html: it is a binary file, not text." in checked.stdout
