"""How well zo-reader reads the shapes of real article folders, and how fast it indexes them.

Usage: python bench/article_shapes.py [--pages 1000] [--real FOLDER ...] [--out bench/RESULTS.md]

1. A generated site of saved Q&A pages (the shape of the pages zo-reader was
   made for: site chrome, a capitals title, question lines, a hashtag row),
   from several site templates with different chrome, title styles, kickers
   and tag rows. Every page knows its true title, chrome and questions; the
   script counts how many of each zo-reader gets right, and whether searching
   for a site's name matches any article.
2. Cold index time (``zo-reader list`` as a whole process, empty cache,
   median of 3) of each fixture library under ``tests/fixtures`` and of the
   generated site.
3. For each ``--real`` folder (an Obsidian vault, a Hugo ``content/`` folder),
   how often the saved-page shape fires at all: those pages have front matter
   or headings, so every firing there would be a false finding.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, cpu_model, git_commit, replace_section

from zo_reader.core.conventions import scraped
from zo_reader.core.frontmatter import split_front_matter
from zo_reader.core.sources.folder import FolderSource

HEADING = "## Article shapes and fixture libraries (`python bench/article_shapes.py`)"

# Site templates: (chrome lines, title style, tag row style). Title styles:
# "caps+normal" (the seed's), "caps", "normal". Chrome written as separate
# paragraphs or lines, the way saved pages come.
SITES = [
    (["Logo", "", "HeartSpace", "", "Contact Us", "Search"], "caps+normal", "run", "HeartSpace"),
    (["Skip to content", "Logo", "WellNest Magazine", "Menu"], "caps", "spaced", "WellNest"),
    (
        ["Home", "About", "Articles", "Subscribe", "", "The Quiet Mind"],
        "normal",
        "run",
        "Quiet Mind",
    ),
    (["MENU", "", "Calm Corner", "", "Sign in"], "caps+normal", "spaced", "Calm Corner"),
    ([], "normal", "run", ""),  # no chrome at all: nothing may be hidden
    (["Relationships"], "normal", "run", ""),  # a kicker, not chrome: it must stay
]
TOPICS = [
    "sleep",
    "grief",
    "trust",
    "anger",
    "loneliness",
    "recovery",
    "boundaries",
    "self-esteem",
    "burnout",
    "anxiety",
]
OPENINGS = [
    "How can I cope with {t} when everything feels heavy",
    "What helps a person rebuild {t} after a hard year",
    "Why does {t} feel worse in the evening",
    "How do partners talk about {t} without blaming each other",
    "Is it normal to struggle with {t} for a long time",
]
SENTENCES = [
    "Many people notice that small routines make the hardest days a little easier.",
    "It helps to name what you feel, even if only to yourself at first.",
    "Talking with someone you trust can take some of the weight away.",
    "Progress is rarely a straight line, and setbacks do not erase it.",
    "A short walk, a glass of water and some daylight are a good place to start.",
    "If things get worse or last for weeks, a doctor or counsellor can help.",
    "Be as patient with yourself as you would be with a good friend.",
    "Writing a few lines each evening can show patterns you did not expect.",
]


@dataclass
class Page:
    """One generated page and what a reader should see in it."""

    name: str
    text: str
    title: str
    chrome: frozenset[int]
    questions: frozenset[int]
    site: str


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))


def make_page(number: int, rng: random.Random) -> Page:
    chrome, style, row, site = SITES[number % len(SITES)]
    topic = rng.choice(TOPICS)
    title = rng.choice(OPENINGS).format(t=topic) + "?"
    lines: list[str] = list(chrome)
    real_chrome = (
        frozenset(i for i, line in enumerate(chrome) if line)
        if chrome != ["Relationships"]
        else frozenset()
    )
    if lines:
        lines.append("")
    if style.startswith("caps"):
        lines += [title.upper(), ""]
    if style != "caps":
        lines += [title, ""]
    lines += [paragraph(rng), ""]
    questions = set()
    for _ in range(rng.randint(1, 4)):
        lines += [paragraph(rng), ""]
        questions.add(len(lines))
        lines += [rng.choice(OPENINGS).format(t=rng.choice(TOPICS)) + "?", ""]
        lines += [paragraph(rng), ""]
    tags = rng.sample(TOPICS, 3)
    joiner = "" if row == "run" else " "
    lines.append(joiner.join("#" + tag.replace("-", "") for tag in tags))
    return Page(
        f"page-{number:05d}.txt",
        "\n".join(lines) + "\n",
        title,
        real_chrome,
        frozenset(questions),
        site,
    )


def accuracy(pages: list[Page]) -> dict[str, str]:
    """Titles, chrome and questions read right, counted over the generated pages."""
    titles = chrome_right = kept_right = found = wanted = false_questions = 0
    for page in pages:
        shape = scraped.analyse(page.text)
        titles += shape.title == page.title
        hidden_chrome = {n for n in shape.hidden if page.text.split("\n")[n].strip()}
        title_lines = {
            n for n in hidden_chrome if page.title.casefold() in page.text.split("\n")[n].casefold()
        }
        row = max(n for n, line in enumerate(page.text.split("\n")) if line.strip())
        chrome_right += page.chrome <= hidden_chrome
        kept_right += not (hidden_chrome - page.chrome - title_lines - {row})
        found += len(page.questions & set(shape.questions))
        wanted += len(page.questions)
        false_questions += len(set(shape.questions) - page.questions)
    total = len(pages)
    return {
        "pages": f"{total:,}",
        "titles right": f"{titles:,} of {total:,}",
        "chrome hidden (all of it)": f"{chrome_right:,} of {total:,}",
        "no text hidden that is not chrome, title or tag row": f"{kept_right:,} of {total:,}",
        "question headings found": f"{found:,} of {wanted:,}",
        "false question headings": f"{false_questions:,}",
    }


def site_name_hits(folder: Path, names: list[str]) -> str:
    """How many articles a search for each site's name finds (should be none)."""
    env = {**os.environ, "ZO_READER_CACHE_DIR": str(folder.parent / "cache-search")}
    hits = []
    for name in names:
        word = f'"{name}"'
        out = subprocess.run(
            [sys.executable, "-m", "zo_reader", "search", "-s", str(folder), word, "--json"],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        ).stdout
        found = len(json.loads(out)) if out.strip().startswith("[") else 0
        hits.append(f"`{word}` {found}")
    return ", ".join(hits)


def cold_index_seconds(folder: Path, runs: int = 3) -> float:
    """Median wall time of ``zo-reader list`` with an empty cache (whole process)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "ZO_READER_CACHE_DIR": cache, "ZO_READER_DATA_DIR": cache}
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "zo_reader", "list", "-s", str(folder)],
                capture_output=True,
                env=env,
                stdin=subprocess.DEVNULL,
                check=True,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def real_folder_firings(folder: Path) -> str:
    """How many pages of a real folder the saved-page shape changes at all."""
    source = FolderSource(folder)
    files = plain = changed = 0
    for entry in source.entries():
        path = folder / entry.path
        if not path.is_file():
            continue
        files += 1
        front = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        if front.body_line > 1 or not scraped.is_plain_page(front.body):
            continue
        plain += 1
        shape = scraped.analyse(front.body)
        changed += bool(shape.hidden or shape.questions)
    return f"{files:,} files, {plain:,} without front matter or headings, {changed:,} changed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument(
        "--real", nargs="*", default=[], metavar="LABEL=FOLDER", help="real folders to scan"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    rng = random.Random(11)
    pages = [make_page(number, rng) for number in range(args.pages)]
    rows = [f"| {k} | {v} |" for k, v in accuracy(pages).items()]
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        for page in pages:
            (site / page.name).write_text(page.text, encoding="utf-8")
        names = sorted({page.site for page in pages if page.site})
        rows.append(
            f"| articles found by a search for a site's name | {site_name_hits(site, names)} |"
        )
        libraries = [
            (path.relative_to(ROOT).as_posix(), path)
            for path in sorted((ROOT / "tests" / "fixtures").iterdir())
            if path.is_dir()
        ]
        libraries.append((f"generated saved-page site ({args.pages:,} pages)", site))
        index_rows = []
        for label, folder in libraries:
            count = sum(1 for _ in FolderSource(folder).entries())
            index_rows.append(f"| {label} | {count:,} | {cold_index_seconds(folder):.2f} s |")
            print(index_rows[-1], flush=True)
    real = [item.partition("=")[::2] for item in args.real]
    real_rows = [f"| {label} | {real_folder_firings(Path(folder))} |" for label, folder in real]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            HEADING,
            "",
            f"{now}, {cpu_model()}, {os.cpu_count()} cores, commit {git_commit()}. "
            f"Command: `python bench/article_shapes.py --pages {args.pages}"
            + "".join(f" --real '{label}=...'" for label, _ in real)
            + "`.",
            "",
            "Saved Q&A pages generated from six site templates (the seed's shape and five",
            "others: capitals title alone, normal-case title, chrome in one run, no chrome,",
            "a kicker line):",
            "",
            "| figure | result |",
            "| --- | --- |",
            *rows,
            "",
            "Cold index (`zo-reader list`, whole process, empty cache, median of 3):",
            "",
            "| library | entries | time |",
            "| --- | --- | --- |",
            *index_rows,
            "",
        ]
        + (
            [
                "Real folders (their pages have front matter or headings: any change is false):",
                "",
                "| folder | saved-page shape |",
                "| --- | --- |",
                *real_rows,
                "",
            ]
            if real_rows
            else []
        )
    )
    replace_section(args.out, HEADING, text)
    print(text)


if __name__ == "__main__":
    main()
