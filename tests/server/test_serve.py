"""``zo-reader serve`` for real: a subprocess on a free loopback port, read with httpx.

Tests never bind anything but 127.0.0.1; the warning for other addresses is
tested through the function that decides it and the command's wiring.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from tests.server.conftest import FIXTURES
from tests.test_layers import modules_after
from zo_reader.cli.main import cli
from zo_reader.server import run as server_run
from zo_reader.server.run import exposure_warning, is_loopback


def free_port() -> int:
    """A port nobody listens on now: the one the system picks for a socket bound to 0."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    """A running ``zo-reader serve``."""

    process: subprocess.Popen[str]
    base: str
    port: int

    def stop(self) -> tuple[int, str]:
        """Ctrl+C, as a person would; the exit status and everything on stderr."""
        self.process.send_signal(signal.SIGINT)
        _, stderr = self.process.communicate(timeout=15)
        return self.process.returncode, stderr


@pytest.fixture
def served() -> Iterator[Served]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "zo_reader", "serve", "-s", str(FIXTURES), "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),  # the isolated user folders of tests/conftest.py
    )
    server = Served(process, f"http://127.0.0.1:{port}", port)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"zo-reader serve ended early: {process.communicate()[1]}")
            try:
                httpx.get(f"{server.base}/api/v1/tags", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("zo-reader serve did not answer within 30 seconds")
                time.sleep(0.05)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def raw_request(port: int, *chunks: bytes) -> bytes:
    """Send bytes as they are (no client tidies them up) and read the answer.

    Sending stops as soon as the server has answered: a server that refuses a
    head and closes while bytes are still arriving resets the connection, and
    the reset could discard the answer before it is read.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        for chunk in chunks:
            if select.select([connection], [], [], 0)[0]:
                break  # answered already
            try:
                connection.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while data := connection.recv(65536):
                answer += data
        return answer


def test_real_server_answers_caches_compresses_and_stops_cleanly(served: Served) -> None:
    with httpx.Client(base_url=served.base, timeout=10) as client:
        listing = client.get("/api/v1/articles", params={"per_page": 2})
        assert listing.status_code == 200
        assert listing.json()["total"] == 3 and len(listing.json()["articles"]) == 2
        assert 'rel="next"' in listing.headers["link"]
        assert "server" not in listing.headers  # no software banner

        article = client.get("/api/v1/articles/nested/deeper/inner")
        assert article.json()["title"] == "How do I say no to family?"
        cached = client.get(
            "/api/v1/articles/nested/deeper/inner",
            headers={"If-None-Match": article.headers["etag"]},
        )
        assert cached.status_code == 304 and cached.content == b""

        document = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
        assert document.headers["content-encoding"] == "gzip"
        assert document.json()["openapi"].startswith("3.1")

        head = client.head("/api/v1/tags")
        assert head.status_code == 200 and head.content == b""
        assert client.post("/api/v1/articles").status_code == 405
        missing = client.get("/api/v1/articles/%1b%5d0;pwned%07")
        assert missing.status_code == 404 and "error" in missing.json()

    # What httpx would never send: a control character in the request line, and a
    # head that keeps growing. h11 refuses both before the application sees them.
    assert raw_request(served.port, b"GET /\x1b[2J HTTP/1.1\r\nHost: x\r\n\r\n").startswith(
        b"HTTP/1.1 400"
    )
    trickle = [b"GET /api/v1/tags HTTP/1.1\r\nHost: x\r\n"]
    trickle += [b"X-Padding: " + b"a" * 1000 + b"\r\n"] * 20  # never finished
    assert raw_request(served.port, *trickle).startswith(b"HTTP/1.1 400")

    status, stderr = served.stop()
    assert status == 0, stderr
    assert "Traceback" not in stderr
    assert "\x1b" not in stderr and "\x07" not in stderr
    assert f"Uvicorn running on http://127.0.0.1:{served.port}" in stderr
    assert "127.0.0.1 GET /api/v1/articles?per_page=2 200" in stderr
    assert "/api/v1/articles/%1b%5d0;pwned%07 404" in stderr


def test_a_missing_source_is_one_line_and_status_1(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zo_reader", "serve", "-s", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("zo-reader: The folder") and result.stderr.count("\n") == 1


# The address warning and the command's wiring (nothing is bound here)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "[::1]"]
)
def test_loopback_addresses_need_no_warning(host: str) -> None:
    assert is_loopback(host)
    assert exposure_warning(host, None) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", ""])
def test_other_addresses_warn_without_a_token(host: str) -> None:
    warning = exposure_warning(host, None)
    assert warning is not None and "--token" in warning and "\n" not in warning
    assert exposure_warning(host, "s3cret") is None


@pytest.fixture
def fake_serve(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the server with a recorder, so the command runs without binding."""
    calls: list[dict[str, Any]] = []

    def record(factory: Any, **options: Any) -> None:
        calls.append({"articles": factory().count_articles(), **options})

    monkeypatch.setattr(server_run, "serve", record)
    return calls


def test_serve_command_wiring(fake_serve: list[dict[str, Any]]) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "-s", str(FIXTURES), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "warning: serving on 0.0.0.0 without --token" in result.stderr
    assert fake_serve == [{"articles": 3, "host": "0.0.0.0", "port": 8080, "token": None}]

    quiet = runner.invoke(cli, ["serve", "-s", str(FIXTURES), "--port", "9000"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert fake_serve[-1]["host"] == "127.0.0.1" and fake_serve[-1]["port"] == 9000

    from_env = runner.invoke(
        cli, ["serve", "-s", str(FIXTURES), "--host", "::"], env={"ZO_READER_TOKEN": "abc.DEF"}
    )
    assert from_env.exit_code == 0 and "warning" not in from_env.stderr
    assert fake_serve[-1]["token"] == "abc.DEF"


@pytest.mark.parametrize("token", ["", "two words", "new\nline", "ünï"])
def test_unusable_tokens_are_usage_errors(fake_serve: list[dict[str, Any]], token: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "-s", str(FIXTURES), "--token", token])
    assert result.exit_code == 2 and "--token" in result.stderr
    assert fake_serve == []


def test_other_commands_do_not_load_the_server() -> None:
    assert not modules_after("import zo_reader.cli.main") & {"starlette", "uvicorn", "anyio", "h11"}
    probe = "import sys, zo_reader.cli.main; print('zo_reader.server' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"
