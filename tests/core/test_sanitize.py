"""The sanitiser: no escape sequence or control character survives, text does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zo_reader.core.sanitize import clean_line, clean_text, is_clean

HOSTILE = {
    "osc title (BEL)": ("a\x1b]0;evil title\x07b", "ab"),
    "osc title (ST)": ("a\x1b]2;evil\x1b\\b", "ab"),
    "osc 52 clipboard": ("\x1b]52;c;cm0gLXJmIH4=\x07copy", "copy"),
    "osc 8 link": ("\x1b]8;;https://evil\x1b\\text\x1b]8;;\x1b\\", "text"),
    "csi clear": ("x\x1b[2J\x1b[Hy", "xy"),
    "csi colour": ("\x1b[31;1mred\x1b[0m", "red"),
    "c1 csi": ("a\x9b2Jb", "ab"),
    "c1 osc": ("a\x9d0;t\x9cb", "ab"),
    "dcs": ("a\x1bP1$qm\x1b\\b", "ab"),
    "apc": ("a\x1b_payload\x1b\\b", "ab"),
    "bell and backspace": ("a\x07b\x08c", "abc"),
    "lone escape": ("a\x1bb", "a"),
    "delete": ("a\x7fb", "ab"),
    "bidi override": ("abc\u202edef\u202c", "abcdef"),
    "bidi isolate": ("\u2066x\u2069", "x"),
    "unterminated osc": ("safe\x1b]0;swallow everything", "safe"),
}


@pytest.mark.parametrize("raw, expected", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_sequences_are_removed_whole(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected
    assert clean_line(raw) == expected


def test_text_keeps_newlines_and_tabs_and_drops_carriage_returns() -> None:
    assert clean_text("a\tb\r\nc\rd") == "a\tb\nc\nd"


def test_line_flattens_breaks_and_spaces() -> None:
    assert clean_line("  two\nlines\tand  spaces  ") == "two lines and spaces"


def test_ordinary_text_is_untouched() -> None:
    text = "Café, naïve, 日本語, emoji 🙂, Hebrew שלום with a mark \u200e."
    assert clean_text(text) == text
    assert is_clean(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x1b\x9b\x9d\x07[]\\P")))
def test_output_never_holds_a_control_character(text: str) -> None:
    assert is_clean(clean_text(text))
    line = clean_line(text)
    assert is_clean(line)
    assert "\n" not in line and "\t" not in line


@given(
    st.recursive(
        st.text() | st.integers() | st.none(),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
@settings(max_examples=200, deadline=None)
def test_json_output_is_inert_and_means_the_same(document: object) -> None:
    """JSON escapes C0 only; C1 (U+009B is CSI) and bidi controls are escaped too."""
    import json

    from zo_reader.cli.output import dumps

    text = dumps(document)
    assert json.loads(text) == document
    assert is_clean(text)
    assert not any("\x7f" <= char <= "\x9f" or char in "\u202a\u202e\u2066\u2069" for char in text)


@pytest.mark.parametrize(
    "code, shown",
    [
        ("link-broken", "link-broken"),
        ("x" * 41, "unknown"),
        ("\x1b]0;PWND\x07", "unknown"),
        ("Link-Broken", "unknown"),
        ("", "unknown"),
        ("a\u202e", "unknown"),
    ],
)
def test_codes_are_shown_only_in_their_strict_shape(code: str, shown: str) -> None:
    from zo_reader.core.sanitize import clean_code

    assert clean_code(code) == shown


def test_the_article_lists_byline_never_prints_a_hostile_date() -> None:
    from zo_reader.core.models import ArticleSummary
    from zo_reader.ui.widgets.article_list import _details

    shown = _details(ArticleSummary("a", "A", date="\x1b]0;PWND\x07\u202e2026-01-01"), " · ")
    assert is_clean(shown) and shown.startswith("2026-01-01")
