"""Fixtures for the API: an application over a folder, and a client that talks to it."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from zo_reader.core.index import Library
from zo_reader.core.sources.folder import FolderSource
from zo_reader.server.app import make_app

# Starlette 1.x warns that it would rather drive the TestClient with `httpx2`; the
# project's HTTP client is httpx, which the TestClient still fully supports.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient as TestClient

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

ClientFactory = Callable[..., TestClient]


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A copy of the fixture articles that a test may edit."""
    target = tmp_path / "library"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture
def make_client(library_dir: Path) -> Iterator[ClientFactory]:
    """Build clients of apps over ``library_dir``; each is shut down after the test."""
    opened: list[TestClient] = []

    def build(
        *,
        root: Path | None = None,
        factory: Callable[[], Library] | None = None,
        token: str | None = None,
        resync_seconds: float = 2.0,
        raise_server_exceptions: bool = True,
    ) -> TestClient:
        folder = root or library_dir
        app = make_app(
            factory or (lambda: Library(FolderSource(folder), None)),
            token=token,
            resync_seconds=resync_seconds,
        )
        client = TestClient(app, raise_server_exceptions=raise_server_exceptions)
        client.__enter__()
        opened.append(client)
        return client

    yield build
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    """A client of the API over the fixture articles, without a token."""
    return make_client()
