"""``zo-reader check``: every finding with its code, path and line; output; exit codes; remote.

``tests/fixtures/check/broken`` holds one file (or pair of files) per finding
kind, ``tests/fixtures/check/clean`` a small library with links, anchors and
images that all lead somewhere. The size cap is lowered to 4 KiB so that
``huge.md`` counts as too large without a 5 MiB fixture. Two files are added to
a copy of the broken library at test time, because ``ruff format``, which reads
every ``.md`` under ``tests``, stops at them: a dangling symlink and a Latin-1 file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import run_cli, write
from tests.served import serve_folder
from zo_reader.cli.main import cli
from zo_reader.core import check as check_module
from zo_reader.core.check import CODES, SEVERITIES, check_folder, check_library
from zo_reader.core.index import Library
from zo_reader.core.sources.folder import FolderSource
from zo_reader.core.sources.zo_api import ZoApiSource

CHECK = Path(__file__).resolve().parent.parent / "fixtures" / "check"
BROKEN = CHECK / "broken"
CLEAN = CHECK / "clean"

# (code, path, line) of every finding in the broken library, in output order.
EXPECTED = [
    ("date-invalid", "bad-date.md", 3),
    ("title-missing", "bad-yaml.md", None),
    ("frontmatter-invalid", "bad-yaml.md", 4),
    ("file-binary", "binary.md", None),
    ("unreadable", "dangling.md", None),
    ("draft", "draft.md", 3),
    ("duplicate-id", "dup.md", None),
    ("duplicate-id", "dup.txt", None),  # a .txt file's first line is its title
    ("body-empty", "empty-body.md", None),
    ("file-empty", "empty.md", None),
    ("control-characters", "escapes.md", 6),
    ("control-characters", "escapes.md", 7),
    ("file-too-large", "huge.md", None),
    ("encoding-invalid", "latin1.md", 2),
    ("link-broken", "links.md", 7),  # nowhere.md
    ("link-broken", "links.md", 7),  # Target.md, in the wrong case
    ("link-broken", "links.md", 8),  # binary.md, which cannot be read
    ("link-broken", "links.md", 9),  # ../outside.md, out of the library
    ("anchor-broken", "links.md", 11),  # #no-such-heading
    ("anchor-broken", "links.md", 12),  # target.md#missing
    ("image-missing", "links.md", 14),
    ("page-no-text", "menu-only.html", None),
    ("title-missing", "no-title.md", None),
    ("symlink-outside", "outside.md", None),
    ("tag-variants", "tags-three.md", 3),  # Sleep, in the front matter
    ("tag-variants", "tags-three.md", 8),  # #sleephygiene, in the text
    ("duplicate-title", "twin-one.md", 2),
    ("duplicate-slug", "twin-one.md", 3),
    ("duplicate-title", "twin-two.md", 2),
    ("duplicate-slug", "twin-two.md", 3),
    ("title-missing", "unclosed.md", None),
    ("frontmatter-unclosed", "unclosed.md", 1),
]
ERROR_CODES = sorted(code for code, severity in SEVERITIES.items() if severity.value == "error")
_FINDING_LINE = re.compile(r"^[^:\s][^:]*(?::\d+)?: (?:error|warning): .+ \[[a-z-]+\]$")


@pytest.fixture(autouse=True)
def small_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """``huge.md`` (5 KB) is over this cap; every other fixture is under it."""
    monkeypatch.setenv("ZO_READER_MAX_FILE_SIZE", "4096")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the broken library with the two files ruff cannot read."""
    folder = tmp_path / "broken"
    shutil.copytree(BROKEN, folder, symlinks=True)
    (folder / "dangling.md").symlink_to("missing-target.md")
    (folder / "outside.md").unlink()  # relative: it would lead nowhere from the copy
    (folder / "outside.md").symlink_to(CHECK.parent / "articles" / "evening-walks.md")
    (folder / "latin1.md").write_bytes(
        b"---\ntitle: Caf\xe9 latin-1\n---\n\nThis file was saved as Latin-1, not UTF-8.\n"
    )
    return folder


def check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args])


def findings_of(result: Result) -> list[tuple[str, str, int | None]]:
    return [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)]


def test_every_finding_kind_with_its_code_path_and_line(broken: Path) -> None:
    result = check("-s", str(broken), "--json")
    assert result.exit_code == 1, result.output
    assert findings_of(result) == EXPECTED


def test_the_fixture_covers_every_kind_a_folder_can_have() -> None:
    """Only remote sources can lose an article or a body; everything else is in the fixture.

    ``link-by-site`` needs a Hugo site around the folder (tests/core/test_check_site_templates.py).
    """
    found = {code for code, _, _ in EXPECTED}
    assert set(CODES) - found == {
        "not-a-file",
        "remote-missing",
        "body-unavailable",
        "link-by-site",
    }


def test_json_objects_have_stable_fields_and_severities(broken: Path) -> None:
    document = json.loads(check("-s", str(broken), "--json").stdout)
    assert isinstance(document, list)
    for finding in document:
        assert set(finding) == {"code", "severity", "path", "line", "article", "message"}
        assert finding["code"] in CODES
        assert finding["severity"] == SEVERITIES[finding["code"]].value
        assert finding["message"]
    by_code = {f["code"]: f for f in document}
    assert by_code["file-binary"]["article"] is None  # skipped: no article
    assert by_code["draft"]["article"] == "draft"


def test_messages_say_what_is_wrong(broken: Path) -> None:
    messages = [
        f["message"]
        for f in json.loads(check("-s", str(broken), "--json").stdout)
        if f["path"] == "links.md"
    ]
    assert messages[:3] == [
        "The link 'nowhere.md' leads to no article.",
        "The link 'Target.md' leads to no article (did you mean 'target'?).",
        "The link 'binary.md' leads to binary.md, which could not be read.",
    ]
    assert "The link 'target.md#missing' leads to no heading of target." in messages


def test_text_output_matches_golden_and_reads_as_lines(broken: Path) -> None:
    """One heading line per file, one line per finding, a closing sentence; no drawn tables."""
    result = check("-s", str(broken))
    assert result.exit_code == 1
    assert result.stdout == (CHECK / "expected-broken.txt").read_text(encoding="utf-8")
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[-1] == "19 errors and 13 warnings in 20 of 23 articles."
    finding_lines = [line for line in lines if "[" in line and line.endswith("]")]
    assert len(finding_lines) == len(EXPECTED)
    assert all(_FINDING_LINE.match(line) for line in finding_lines)
    assert not re.search("[\u2500-\u259f|\x1b]", result.stdout)  # box drawing, pipes, escapes


def test_clean_library_passes_with_status_0() -> None:
    result = check("-s", str(CLEAN))
    assert result.exit_code == 0, result.output
    assert result.stdout == "No problems found in 3 articles.\n"
    assert json.loads(check("-s", str(CLEAN), "--json").stdout) == []
    assert check("-s", str(CLEAN), "--strict").exit_code == 0


def test_errors_give_status_1(broken: Path) -> None:
    assert check("-s", str(broken)).exit_code == 1


def test_warnings_alone_pass_unless_strict(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: A\ndraft: true\n---\n\nText.\n")
    write(tmp_path, "b.md", "# B\n\nText.\n")
    result = check("-s", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "1 warning in 1 of 2 articles."
    assert check("-s", str(tmp_path), "--strict").exit_code == 1


def test_ignored_codes_are_not_reported(broken: Path) -> None:
    ignored = [arg for code in ERROR_CODES for arg in ("--ignore", code)]
    result = check("-s", str(broken), "--json", *ignored)
    assert result.exit_code == 0  # only warnings are left
    assert {code for code, _, _ in findings_of(result)}.isdisjoint(ERROR_CODES)
    assert check("-s", str(broken), "--strict", *ignored).exit_code == 1


def test_usage_errors_give_status_2() -> None:
    assert check("--ignore", "no-such-code").exit_code == 2
    assert check("--no-such-option").exit_code == 2


def test_a_source_that_cannot_be_opened_is_one_line_and_status_1(tmp_path: Path) -> None:
    result = run_cli("check", "-s", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert result.stderr.startswith("zo-reader: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_the_real_command_exits_with_the_same_status(broken: Path) -> None:
    """The installed entry point, not only click's runner."""
    assert run_cli("check", "-s", str(CLEAN)).returncode == 0
    result = run_cli("check", "-s", str(broken), "--json")
    assert result.returncode == 1
    assert len(json.loads(result.stdout)) == len(EXPECTED)


def test_content_cannot_reach_the_terminal(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "# A\n\n[x](\x1b]0;owned\x07gone.md) and [y](<\x1b[2Jgone.md>)\n")
    write(tmp_path, "\x1b[31mb.md", "# B\n\nText.\n")
    result = check("-s", str(tmp_path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "link-broken" in result.stdout


def test_worker_processes_find_the_same(monkeypatch: pytest.MonkeyPatch, broken: Path) -> None:
    """Large folders are checked in worker processes; the findings are the same."""
    source = FolderSource(broken, max_file_size=4096)
    alone = check_folder(source, workers=1)
    monkeypatch.setattr(check_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(check_module, "_BATCH", 5)
    assert check_folder(source, workers=2) == alone


def test_a_folder_library_checks_the_same_as_the_folder(broken: Path) -> None:
    """check_library (from the index) and check_folder (from the files) agree, but for one."""
    source = FolderSource(broken, max_file_size=4096)
    with Library(source, None) as library:
        library.sync()
        from_index = check_library(library)
    from_files = check_folder(source)

    def key(report: check_module.CheckReport) -> list[tuple[str, str, int]]:
        return sorted((f.code, f.path, f.line or 0) for f in report.findings)

    # The index keeps the first of two files with one id and reports only the second.
    assert key(from_index) == [k for k in key(from_files) if k != ("duplicate-id", "dup.md", 0)]
    assert from_index.checked == from_files.checked == 23


# A remote library: what `zo-reader serve` returns


@pytest.fixture
def served_copy(broken: Path) -> Path:
    return broken


def test_remote_library_is_checked_from_what_the_api_returns(served_copy: Path) -> None:
    with serve_folder(served_copy) as served:
        result = check("-s", served.url, "--json")
        again = check("-s", served.url, "--json")
    assert result.exit_code == 1, result.output
    found = findings_of(result)
    # Paths are article ids; lines are the file's, as locally (the API sends body_line).
    assert ("link-broken", "links", 7) in found
    assert ("anchor-broken", "links", 11) in found
    assert ("anchor-broken", "links", 12) in found
    assert ("tag-variants", "tags-three", None) in found
    assert ("duplicate-slug", "twin-one", None) in found
    assert ("body-empty", "empty-body", None) in found
    # Not served: skipped files and drafts; images are not looked for.
    codes = {code for code, _, _ in found}
    assert codes.isdisjoint({"file-binary", "draft", "image-missing"})
    assert findings_of(again) == found
    # 17 articles: the API root, one page of the list and one request per body...
    assert "19 requests to the source; 17 article bodies downloaded." in result.stderr
    # ...and the next check reuses the stored bodies: one conditional request.
    assert "1 request to the source; 0 article bodies downloaded." in again.stderr


def test_remote_check_without_bodies(served_copy: Path) -> None:
    with serve_folder(served_copy) as served:
        result = check("-s", served.url, "--no-bodies", "--private")
    assert result.exit_code == 1
    assert {code for code, _, _ in findings_of_text(result.stdout)} == {
        "duplicate-slug",
        "duplicate-title",
        "tag-variants",
    }
    assert "Article bodies were not checked (--no-bodies)." in result.stdout
    assert "0 article bodies downloaded" in result.stderr


def test_remote_article_gone_before_its_body_is_fetched(served_copy: Path) -> None:
    with serve_folder(served_copy) as served, Library(ZoApiSource(served.url), None) as library:
        library.sync()
        (served_copy / "target.md").unlink()
        report = check_library(library)
    assert [(f.code, f.path) for f in report.findings if f.code == "body-unavailable"] == [
        ("body-unavailable", "target")
    ]
    assert report.failed()


def test_unreachable_remote_is_status_1_not_a_check_of_old_copies(served_copy: Path) -> None:
    with serve_folder(served_copy) as served:
        assert run_cli("check", "-s", served.url, "--no-bodies").returncode == 1
        url = served.url
    result = run_cli("check", "-s", url, "--no-bodies")
    assert result.returncode == 1
    assert "could not be reached" in result.stderr  # the sync's notice says why
    assert "gave no answer to check now, and check looks at the source itself" in result.stderr
    assert result.stdout == ""


def findings_of_text(text: str) -> list[tuple[str, str, int | None]]:
    """(code, path, line) from text output lines."""
    found = []
    for line in text.splitlines():
        match = re.match(r"^(.+?)(?::(\d+))?: (?:error|warning): .* \[([a-z-]+)\]$", line)
        if match:
            number = int(match.group(2)) if match.group(2) else None
            found.append((match.group(3), match.group(1), number))
    return found


# Heading anchors: the quick way must agree with the reader's own layout

TRICKY_HEADINGS = [
    "# Hello, World!\n\n## Hello, World!\n\n## hello world\n\n## Hello World-1\n",
    "## Use `code`, *emphasis*, __strong__ and ~~gone~~\n",
    "Setext over\ntwo lines\n===\n\nAnother\n---\n",
    "> ## In a quote\n\n- ## In a list\n\n1. # In a numbered list\n",
    "## A [link](x.md) in it\n\n## An ![image](i.png)\n",
    "## HTML <b>bold</b> and<br>break\n",
    "## Note[^1]\n\n[^1]: The note.\n",
    "## Esc\\#aped \\*stars\\* and \\`ticks\\`\n",
    "## A &amp; B &copy; C\n",
    "#\n\n## \n\n###   \n",
    "## Ünïcödé Überschrift, ça va?\n",
    "##   spaced   out   ##\n",
    "## tab\there\n",
    "## \x1b[31mred\x1b[0m and \u202eflipped\n",
    "```\n## not a heading\n```\n\n    ## nor this\n",
    "<div>\n\n## inside html\n\n</div>\n",
]


@pytest.mark.parametrize("body", TRICKY_HEADINGS)
def test_quick_anchors_agree_with_the_reader(body: str) -> None:
    from zo_reader.core.check_links import _laid_out_anchors, heading_anchors

    assert heading_anchors(body) == _laid_out_anchors(body)


def test_quick_anchors_agree_on_real_articles() -> None:
    from zo_reader.core.check_links import _laid_out_anchors, heading_anchors

    samples = Path(__file__).resolve().parents[2] / "src" / "zo_reader" / "samples"
    folders = [samples, CLEAN, BROKEN, CHECK.parent / "articles"]
    for folder in folders:
        source = FolderSource(folder, max_file_size=4096)
        for entry in source.entries():
            article = source.load(entry).article
            if article is not None:
                assert heading_anchors(article.body) == _laid_out_anchors(article.body), entry


# Vaults and sites: exactly the planted broken links, nothing else

FIXTURES = CHECK.parent
LINK_CODES = {"link-broken", "anchor-broken", "image-missing"}


@pytest.mark.parametrize(
    "folder, planted",
    [
        (
            FIXTURES / "obsidian-vault",
            [
                (
                    "anchor-broken",
                    "Home.md",
                    30,
                    "The link '[[Beta#No such heading]]' leads to no heading of Beta.",
                ),
                (
                    "image-missing",
                    "Home.md",
                    30,
                    "The image '![[missing-picture.png]]' is not in the library.",
                ),
                ("link-broken", "Home.md", 30, "The link '[[Missing note]]' leads to no article."),
                ("link-broken", "Home.md", 30, "The link '[[Lost note]]' leads to no article."),
            ],
        ),
        (
            FIXTURES / "hugo-site" / "content",
            [
                (
                    "anchor-broken",
                    "docs/Config.md",
                    13,
                    "The link '/docs/install/#no-such-part' leads to no heading of docs/install.",
                ),
                (
                    "link-broken",
                    "docs/guide/index.md",
                    15,
                    "The link '/docs/missing/' leads to no article.",
                ),
                (
                    "link-broken",
                    "docs/guide/index.md",
                    15,
                    "The link 'ref \"nowhere\"' leads to no article.",
                ),
            ],
        ),
        (
            FIXTURES / "jekyll-site",
            [
                (
                    "link-broken",
                    "_posts/2023-08-01-second-post.md",
                    12,
                    "The link '/no-such-page/' leads to no article.",
                ),
            ],
        ),
    ],
    ids=["obsidian", "hugo", "jekyll"],
)
def test_vaults_and_sites_report_exactly_the_planted_links(
    folder: Path, planted: list[tuple[str, str, int, str]]
) -> None:
    result = check("-s", str(folder), "--json")
    found = [
        (f["code"], f["path"], f["line"], f["message"])
        for f in json.loads(result.stdout)
        if f["code"] in LINK_CODES
    ]
    assert found == planted
    # The same through the index, as the reader sees the library.
    with Library(FolderSource(folder), None) as library:
        library.sync()
        indexed = check_library(library)
    assert [(f.code, f.path, f.line) for f in indexed.findings if f.code in LINK_CODES] == [
        (code, path, line) for code, path, line, _ in planted
    ]


def test_a_vault_is_checked_without_dot_obsidian_when_it_uses_wikilinks(tmp_path: Path) -> None:
    """Notes with [[links]] are a vault: a picture is then found by name anywhere."""
    write(tmp_path, "notes/a.md", "# A\n\n[[b]] ![](pic.png) ![[gone.png]]\n")
    write(tmp_path, "b.md", "# B\n\nBack to [[a]].\n")
    write(tmp_path, "files/pic.png", "png")
    result = check("-s", str(tmp_path), "--json")
    found = [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)]
    assert [item for item in found if item[0] in LINK_CODES] == [("image-missing", "notes/a.md", 3)]


def test_a_site_answering_unreadably_is_status_1_not_a_check_of_old_copies() -> None:
    """A feed that answered well once, then sends HTML: check says so, and checks no copies."""
    from tests.faulty_server import FaultyServer, text_reply

    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        "<title>One</title><guid>g1</guid><description>Text.</description></item>"
        "</channel></rss>"
    )
    with FaultyServer() as server:
        server.route("/feed.xml", text_reply(rss, "application/rss+xml"))
        source = f"feed+{server.url('/feed.xml')}"
        assert run_cli("check", "-s", source).returncode == 0
        server.route("/feed.xml", text_reply("<html><body><p>Maintenance</p></body></html>"))
        result = run_cli("check", "-s", source)
    assert result.returncode == 1
    assert "sent an answer zo-reader cannot read" in result.stderr
    assert "gave no answer to check now, and check looks at the source itself" in result.stderr
    assert "cannot be reached" not in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
