"""The reader's themes: Textual's dark and light ones, and a high-contrast one.

Names in settings are the project's own (``default``, ``light``,
``high-contrast``) so the config file does not depend on Textual's names.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="zo-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    success="#00FF00",
    warning="#FFFF00",
    error="#FF5555",
    dark=True,
    variables={
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#FFFF00",
        "input-selection-background": "#FFFF00 40%",
        "border": "#FFFFFF",
        "text-muted": "#FFFFFF",
    },
)

THEME_NAMES = {
    "default": "textual-dark",
    "light": "textual-light",
    "high-contrast": HIGH_CONTRAST.name,
}
ORDER = tuple(THEME_NAMES)


def next_theme(current: str) -> str:
    """The project theme name after ``current``, wrapping around."""
    position = ORDER.index(current) if current in ORDER else -1
    return ORDER[(position + 1) % len(ORDER)]


def describe(theme: str) -> str:
    """A theme's name in words for the status line."""
    return {"default": "default (dark)", "light": "light", "high-contrast": "high contrast"}[theme]
