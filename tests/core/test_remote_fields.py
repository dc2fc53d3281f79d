"""Remote values typed at the door (issue 12): dates, links, codes, texts, tags."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zo_reader.core.sanitize import is_clean
from zo_reader.core.sources.remote_fields import (
    TITLE_CAP,
    RemoteFields,
    remote_moment,
    web_address,
)

UTC = dt.UTC


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-04", dt.date(2026, 3, 4)),
        ("2026-03-04T05:06:07Z", dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2026-03-04T05:06:07", dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2026-03-04 05:06", dt.datetime(2026, 3, 4, 5, 6, tzinfo=UTC)),
        (
            "2026-03-04T05:06:07.25+0200",
            dt.datetime(2026, 3, 4, 5, 6, 7, 250000, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
    ],
)
def test_dates_servers_send_become_datetimes(raw: str, expected: dt.date) -> None:
    assert remote_moment(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "\x1b]0;PWND\x07\u202e",
        "\x1b[2J-\x1b]0;XT00:00:00",
        "2026-02-30",
        "２０２６-01-01",
        "2026-01-01T25:00:00",
        "²026-01-01",
        "yesterday",
        20260101,
        ["2026-01-01"],
        None,
    ],
)
def test_anything_else_is_no_date(raw: object) -> None:
    assert remote_moment(raw) is None


@pytest.mark.parametrize(
    ("raw", "base", "expected"),
    [
        ("https://example.org/a?b=1#c", None, "https://example.org/a?b=1#c"),
        ("/post/1", "http://127.0.0.1:8080/feed", "http://127.0.0.1:8080/post/1"),
        ("https://example.org/caf\u00e9", None, "https://example.org/caf%C3%A9"),
        ('https://example.org/a"b<c>d', None, "https://example.org/a%22b%3Cc%3Ed"),
    ],
)
def test_links_are_parsed_http_addresses(raw: str, base: str | None, expected: str) -> None:
    assert web_address(raw, base) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "https://example.org/a> [2] http://phish.example/login",
        "https://example.org/\x1b]0;x\x07",
        "https://exa\u202emple.org/",
        "https://[::1/",
        "https://example.org:99999999/",
        "http://",
        "https://example.org/" + "a" * 5_000,
        42,
    ],
)
def test_other_links_are_none(raw: object) -> None:
    assert web_address(raw) is None


def test_dropped_values_become_one_warning_and_the_rest_is_kept() -> None:
    fields = RemoteFields("post-1", "The site")
    assert fields.moment("\x1b[2J") is None
    assert fields.address("javascript:alert(1)") is None
    assert fields.code("\x1b[31mCODE") is None
    assert fields.line(["not", "text"], "a title that is not text") == ""
    assert fields.count(10**12, 1_000, "a word count") is None
    assert fields.moment("also bad") is None  # the same kind is named once
    [warning] = fields.warnings()
    assert warning.code == "remote-field-invalid"
    assert warning.path == "post-1"
    assert warning.message == (
        "The site sent a date that is not a date, a link that is not a web address, "
        "a warning code of the wrong shape, a title that is not text and a word count "
        "out of range; those were cleaned or left out, and the rest kept."
    )
    assert RemoteFields("x").warnings() == ()


def test_texts_are_cleaned_and_capped() -> None:
    fields = RemoteFields("x")
    title = fields.line("\x1b]0;PWND\x07Title\u202e " + "w" * 10_000, "a title")
    assert title.startswith("Title ") and len(title) == TITLE_CAP and title.endswith("…")
    assert fields.text("one\r\ntwo\x9b31m", "a summary", 100) == "one\ntwo"
    assert fields.key_text(12) == "12"
    assert fields.key_text(True) == ""


def test_tags_are_short_clean_texts() -> None:
    fields = RemoteFields("x")
    tags = fields.tags(["Sleep", "\x1b[2Jcalm", 3, "sleep", "t" * 1_000])
    assert [tag.display for tag in tags] == ["Sleep", "calm"]
    assert fields.warnings()
    assert RemoteFields("y").tags("not a list") == ()


@given(st.text(max_size=80))
def test_every_kept_value_is_clean(raw: str) -> None:
    fields = RemoteFields(raw)
    address = fields.address(raw, "https://example.org/")
    assert address is None or (is_clean(address) and " " not in address and ">" not in address)
    assert is_clean(fields.line(raw, "a title"))
    for tag in fields.tags([raw]):
        assert is_clean(tag.display)
    for warning in fields.warnings():
        assert is_clean(warning.message)
