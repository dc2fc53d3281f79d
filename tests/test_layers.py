"""Layering and start-up: the core stays headless, the CLI's hot path stays light."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY_FOR_CLI = {"textual", "rich", "httpx", "markdown_it", "mdit_py_plugins", "yaml", "pygments"}


def modules_after(code: str) -> set[str]:
    """The top-level modules loaded after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(output.splitlines()[-1])}


def test_core_imports_no_ui_library() -> None:
    loaded = modules_after(
        "import zo_reader.core.index, zo_reader.core.render, zo_reader.core.sources.folder, "
        "zo_reader.core.query, zo_reader.core.settings"
    )
    assert not loaded & {"textual", "rich"}


def test_cli_start_up_imports_nothing_heavy() -> None:
    loaded = modules_after("import zo_reader.cli.main")
    assert not loaded & HEAVY_FOR_CLI, loaded & HEAVY_FOR_CLI
