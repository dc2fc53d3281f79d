"""SVG snapshots pin the looks of the main screens at a fixed size.

Run ``pytest tests/ui/test_snapshots.py --snapshot-update`` only after reading
the failure report and deciding the new look is right.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import AppFactory

SIZE = (100, 30)
SnapCompare = Callable[..., bool]


async def settled(pilot: Pilot[None]) -> None:
    """Wait for the start-up sync so the screen is stable."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize(
    "name, keys, settings",
    [
        ("browse", (), {}),
        ("tag-filter", ("t", "down", "enter"), {}),
        ("search", ("slash", *"racing", "enter"), {}),
        ("article", ("enter",), {}),
        ("help", ("question_mark",), {}),
        ("high-contrast", ("enter",), {"theme": "high-contrast"}),
        ("narrow-reader", ("enter",), {"_size": (60, 20)}),
    ],
)
def test_screen_looks(
    snap_compare: SnapCompare,
    reader_app: AppFactory,
    name: str,
    keys: tuple[str, ...],
    settings: dict[str, object],
) -> None:
    """Browse: tags, list, empty reader. Tag filter: one tag ticked. Search: results
    with marked snippets. Article: the first article open. Help: every key. High
    contrast: the article in the high-contrast theme. Narrow: the reader alone."""
    size = settings.pop("_size", SIZE)
    app = reader_app(**settings)

    async def run_before(pilot: Pilot[None]) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
