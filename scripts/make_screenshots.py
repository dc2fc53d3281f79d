"""Write the README's screenshots: the real app, the bundled library, fixed size.

Usage: python scripts/make_screenshots.py [OUTPUT_DIR]   (default: screenshots/)

Each scenario drives the app with Pilot key presses, the way a user would, and
saves an SVG. The caches go to a temporary folder, so nothing of the user's is
read or written.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

SIZE = (120, 36)
SCENARIOS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "browse": ({}, ()),
    "tag-filter": ({}, ("t", "down", "enter", "down", "down", "enter")),
    "search": ({}, ("slash", *"sleep", "enter")),
    "article": ({}, ("down", "down", "enter")),
    "help": ({}, ("question_mark",)),
    "high-contrast": ({"theme": "high-contrast"}, ("down", "enter")),
    # A page saved from a website: no chrome, its questions are the contents.
    "saved-page": ({}, ("end", "enter", "o")),
}


async def shoot(name: str, theme: dict[str, str], keys: tuple[str, ...], out: Path) -> Path:
    """Run one scenario and save its screenshot as ``out/NAME.svg``."""
    from zo_reader.core.context import make_context
    from zo_reader.core.settings import Settings
    from zo_reader.ui.app import make_app

    with tempfile.TemporaryDirectory() as scratch:
        context = make_context(
            Settings(theme=theme.get("theme", "default")),
            None,
            cache_root=Path(scratch) / "cache",
            data_root=Path(scratch) / "data",
        )
        context.library.sync()
        app = make_app(context)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(out)))


async def main(out: Path) -> None:
    """Write every scenario's screenshot."""
    out.mkdir(parents=True, exist_ok=True)
    for name, (theme, keys) in SCENARIOS.items():
        path = await shoot(name, theme, keys, out)
        print(f"wrote {path}")


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    target = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "screenshots"
    )
    asyncio.run(main(target))
