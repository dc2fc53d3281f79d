"""The plain layout's wrapper measures terminal cells (issue 13, bug 5)."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from zo_reader.core.markdown.wrap import GLUE, cell_width, wrap_text
from zo_reader.core.markdown.wrap import wrap_text as wrap

JAPANESE = (
    "夕食の後に軽く散歩をすると、多くの人はよく眠れるようになります。"
    "体温が少し上がり、その後ゆっくり下がることが眠りを助けるからです。"
)
FAMILY = "👨\u200d👩\u200d👧"
ACCENT = "e\u0301"


def test_cell_width_counts_wide_combining_and_emoji_clusters() -> None:
    assert cell_width("abc") == 3
    assert cell_width("日本語") == 6
    assert cell_width(ACCENT) == 1
    assert cell_width(FAMILY) == 2
    assert cell_width("🇯🇵") == 2
    assert cell_width("a\u200bb") == 2


def test_japanese_at_width_30_stays_within_30_cells() -> None:
    lines = wrap(JAPANESE, 30)
    assert max(cell_width(line) for line in lines) <= 30
    assert max(cell_width(line) for line in lines) >= 28  # the lines are filled, not sparse
    assert "".join(lines) == JAPANESE


def test_prefixes_are_measured_in_cells() -> None:
    lines = wrap(JAPANESE, 30, "- ", "  ")
    assert lines[0].startswith("- ")
    assert all(line.startswith("  ") for line in lines[1:])
    assert max(cell_width(line) for line in lines) <= 30


def test_clusters_are_never_split() -> None:
    text = (FAMILY + ACCENT + "日") * 20
    lines = wrap(text, 11)
    assert "".join(lines) == text
    for line in lines:
        assert not line.startswith(("\u200d", "\u0301"))
        assert line.count("\u200d") == 2 * line.count("👨")
    assert max(cell_width(line) for line in lines) <= 11


def test_accented_words_are_measured_in_cells() -> None:
    word = "caf" + ACCENT
    lines = wrap(" ".join([word] * 12), 14)
    assert lines == [" ".join([word] * 3)] * 4  # 14 cells: three 4-cell words and two spaces


def test_ascii_matches_textwrap_including_spaces_glue_and_long_words() -> None:
    text = f"Some  text with  runs of spaces, a link{GLUE}[1] and a " + "x" * 40 + " end"
    for width in (10, 15, 24, 60):
        expected = textwrap.wrap(
            text,
            width=max(width, 14),
            initial_indent="  ",
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        assert wrap_text(text, width, "  ", "    ") == [e.replace(GLUE, " ") for e in expected]


def test_long_latin_word_overflows_on_a_line_of_its_own() -> None:
    url = "https://example.com/" + "a" * 40
    assert wrap(f"see {url} now", 20) == ["see", url, "now"]


WORDS = st.one_of(
    st.text("abcdefghij", min_size=1, max_size=14),
    st.text("日本語漢字かなカナ、。", min_size=1, max_size=20),
    st.builds("".join, st.lists(st.sampled_from(["e\u0301", "a\u0308", "o", FAMILY]), min_size=1)),
)


@given(st.lists(WORDS, min_size=1, max_size=30), st.integers(min_value=1, max_value=40))
def test_lines_fit_unless_one_unbreakable_word(words: list[str], width: int) -> None:
    lines = wrap_text(" ".join(words), width)
    room = max(width, 10)
    for line in lines:
        if cell_width(line) > room:
            # Only a single word with no wide character may overflow.
            assert " " not in line
            assert all(cell_width(char) < 2 for char in line), line
    # Joining the lines gives the words back, in order, none lost or changed.
    assert "".join(lines).replace(" ", "") == "".join(words)
    ascii_words = [word for word in words if word.isascii()]
    pieces = [piece for line in lines for piece in line.split(" ")]
    assert all(word in pieces for word in ascii_words)
