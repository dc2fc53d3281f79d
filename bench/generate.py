"""Generate a deterministic synthetic library of Markdown articles for benchmarks.

Usage::

    python bench/generate.py SIZE OUT_DIR [--seed N] [--jobs N]

Each article is Markdown with YAML front matter (a question as title, a date
between 2010 and 2025, one of 50 authors, 3-5 tags drawn from a vocabulary of
2,000 with a Zipf-like long tail) and a body of about 800 words (300-1500,
log-normal) with ``##`` sections, paragraphs, lists, an occasional table,
links and a trailing run-together hashtag line, as article sites print them.

Words come from ~330 real English words (including inflected forms such as
walk, walks, walking, walked, so stemming can be measured) and ~25,000
pronounceable pseudo-words, ranked together and drawn with Zipf frequencies,
so search sees realistic term frequencies: a few words in nearly every article
and a long tail of words in only a handful.

Files are spread ~100 per folder (``a00/b00/000000-slug.md``). Article ``i``
depends only on ``(seed, i)``, so the output is identical whatever ``--jobs``.
A ``.complete`` marker (JSON) is written last; :func:`is_complete` checks it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from multiprocessing import Pool
from pathlib import Path

GENERATOR_VERSION = 1
"""Bumped whenever the output for a given seed changes; stale libraries are rebuilt."""

MARKER = ".complete"
"""Name of the marker file written once a library is fully generated."""

VOCABULARY_SIZE = 25_000
"""Number of pseudo-words after the real ones."""

TAG_COUNT = 2_000
"""Size of the tag vocabulary."""

PER_FOLDER = 100
"""Articles per leaf folder."""


def _words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text``: word lists read better as prose."""
    return tuple(text.split())


# Real English words, most frequent first: function words, then common content
# words. Stems in STEMS below are expanded into inflected forms in place.
COMMON_WORDS = _words(
    """
the of and to a in is it you that he was for on are with as i his they be at one have
this from or had by not but what some we can out other were all there when up use your how
said an each she which do their time if will way about many then them write would like so
these her long make thing see him two has look more day could go come did number sound no
most people my over know water than call first who may down side been now find any new
work part take get place made live where after back little only round man year came show
every good me give our under name very through just form sentence great think say help
low line differ turn cause much mean before move right boy old too same tell does set three
want air well also play small end put home read hand port large spell add even land here
must big high such follow act why ask men change went light kind off need house picture try
us again animal point mother world near build self earth father head stand own page should
country found answer school grow study still learn plant cover food sun four between state
keep eye never last let thought city tree cross farm hard start might story saw far sea
draw left late run while press close night real life few north open seem together next
white children begin got walk example ease paper group always music those both mark often
letter until mile river car feet care second book carry took science eat room friend began
idea fish mountain stop once base hear horse cut sure watch color face wood main enough
plain girl usual young ready above ever red list though feel talk bird soon body dog family
direct pose leave song measure door product black short numeral class wind question happen
complete ship area half rock order fire south problem piece told knew pass since top whole
king space heard best hour better true during hundred five remember step early hold west
ground interest reach fast verb sing listen six table travel less morning ten simple several
vowel toward war lay against pattern slow center love person money serve appear road map
rain rule govern pull cold notice voice unit power town fine certain fly fall lead cry dark
machine note wait plan figure star box noun field rest correct able pound done beauty drive
stood contain front teach week final gave green quick develop ocean warm free minute strong
special mind behind clear tail produce fact street inch multiply nothing course stay wheel
full force blue object decide surface deep moon island foot system busy test record boat
common gold possible plane stead dry wonder laugh thousand ago ran check game shape equate
hot miss brought heat snow tire bring yes distant fill east paint language among sleep habit
"""
)

STEMS = {
    "walk": ("walks", "walking", "walked"),
    "sleep": ("sleeps", "sleeping", "slept"),
    "read": ("reads", "reading"),
    "write": ("writes", "writing", "written"),
    "learn": ("learns", "learning", "learned"),
    "run": ("runs", "running"),
    "habit": ("habits",),
    "play": ("plays", "playing", "played"),
    "plant": ("plants", "planting", "planted"),
    "travel": ("travels", "traveling", "traveled"),
    "change": ("changes", "changing", "changed"),
    "listen": ("listens", "listening", "listened"),
    "teach": ("teaches", "teaching"),
    "paint": ("paints", "painting", "painted"),
    "study": ("studies", "studying", "studied"),
    "laugh": ("laughs", "laughing", "laughed"),
    "story": ("stories",),
    "family": ("families",),
    "measure": ("measures", "measuring", "measured"),
    "develop": ("develops", "developing", "developed"),
}
"""Stems and their inflections; porter stemming maps each group to one term."""

_ONSETS = _words(
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sh sk sl sm sn sp st "
    "str sw t th tr v w wh z"
)
_NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou", "ie", "oa")
_CODAS = ("", "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "rk", "ng", "ck", "sh", "x")

_FIRST_NAMES = _words(
    "Ada Bea Cyril Dana Emil Farah Gita Hugo Ines Jonas Kira Liam Mira Nils Oona Pavel Quinn "
    "Rosa Sami Tove Uma Viktor Wen Xena Yusuf Zoe Amir Lotte Ravi Hana"
)
_LAST_NAMES = _words(
    "Okafor Lindqvist Moreau Tanaka Novak Haddad Ferreira Kowalski Brennan Ivanova Sato "
    "Mendes Nakamura Olsen Petrov Quispe Rahman Schmidt Tran Uddin Varga Weber Yilmaz Zhou"
)

_TITLE_TEMPLATES = (
    "How does {a} {v} {b}?",
    "Why do {a} and {b} {v}?",
    "What is the best way to {v} {a}?",
    "Can {a} really {v} your {b}?",
    "Is it time to {v} {a} before {b}?",
    "When should you {v} {a}?",
    "What happens if you {v} {a} with {b}?",
    "Should {a} {v} {b} every {c}?",
    "Where do {a} {v} after {b}?",
    "Who decides how {a} {v} {b}?",
)
_VERBS = _words(
    "walk sleep read write learn run play plant travel change listen teach paint study laugh "
    "measure develop build grow keep start move help follow carry hold serve fill check"
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything articles are drawn from, derived from the seed only.

    Attributes:
        words: Real words then pseudo-words, in rank order (most frequent first).
        cum_weights: Cumulative Zipf weights for ``words`` (for ``random.choices``).
        real_count: How many of ``words`` are real English words.
        tags: Tag names in rank order.
        tag_cum_weights: Cumulative Zipf weights for ``tags``.
        authors: Author names.
        stems: Real stems with their inflected forms.
    """

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    real_count: int
    tags: tuple[str, ...]
    tag_cum_weights: tuple[float, ...]
    authors: tuple[str, ...]
    stems: dict[str, tuple[str, ...]]


def _real_words() -> list[str]:
    """The real words in rank order, stems followed by their inflections."""
    seen: set[str] = set()
    ordered: list[str] = []
    for word in COMMON_WORDS:
        for form in (word, *STEMS.get(word, ())):
            if form not in seen:
                seen.add(form)
                ordered.append(form)
    return ordered


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """``count`` distinct pronounceable pseudo-words of 2-4 syllables."""
    words: list[str] = []
    seen = set(taken)
    while len(words) < count:
        syllables = rng.choices((2, 3, 4), weights=(5, 4, 1))[0]
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if 4 <= len(word) <= 14 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _zipf_cumulative(count: int, exponent: float) -> tuple[float, ...]:
    return tuple(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


@cache
def vocabulary(seed: int = 0) -> Vocabulary:
    """The vocabulary of a library generated with ``seed`` (cached per process).

    Args:
        seed: The library seed.

    Returns:
        The words, tags and authors with their rank weights.
    """
    rng = random.Random(f"vocabulary-{seed}")
    real = _real_words()
    pseudo = _pseudo_words(rng, VOCABULARY_SIZE, set(real))
    words = (*real, *pseudo)
    tag_parts = _pseudo_words(rng, TAG_COUNT, set(words))
    tags: list[str] = []
    for index, part in enumerate(tag_parts):
        # A third of tags are two words ("sleep-brontal"), like real tag clouds.
        if index % 3 == 1:
            tags.append(f"{rng.choice(real[100:])}-{part}")
        else:
            tags.append(part)
    authors = [f"{first} {last}" for first in _FIRST_NAMES for last in _LAST_NAMES]
    rng.shuffle(authors)
    return Vocabulary(
        words=words,
        cum_weights=_zipf_cumulative(len(words), 1.0),
        real_count=len(real),
        tags=tuple(tags),
        tag_cum_weights=_zipf_cumulative(len(tags), 1.0),
        authors=tuple(authors[:50]),
        stems=dict(STEMS),
    )


def _sentences(rng: random.Random, words: list[str]) -> str:
    """Words joined into capitalised sentences of 6-22 words with the odd comma."""
    out: list[str] = []
    position = 0
    while position < len(words):
        length = rng.randint(6, 22)
        chunk = words[position : position + length]
        position += length
        if len(chunk) > 8 and rng.random() < 0.4:
            chunk[len(chunk) // 2] += ","
        chunk[0] = chunk[0].capitalize()
        out.append(" ".join(chunk) + ".")
    return " ".join(out)


def _link(rng: random.Random, words: list[str]) -> None:
    """Turn a 1-3 word run of ``words`` into a Markdown link, in place."""
    if len(words) < 6:
        return
    start = rng.randrange(1, len(words) - 4)
    length = rng.randint(1, 3)
    text = " ".join(words[start : start + length])
    slug = "-".join(words[start : start + length])
    words[start : start + length] = [f"[{text}](https://example.org/{slug})"]


def article_text(index: int, seed: int = 0) -> tuple[str, str]:
    """The relative path and full text of article ``index``.

    Args:
        index: The article number, from 0.
        seed: The library seed.

    Returns:
        ``(relative path, Markdown text)``.
    """
    vocab = vocabulary(seed)
    rng = random.Random(seed * 1_000_003 + index)
    words, cum = vocab.words, vocab.cum_weights
    total_words = int(min(1500, max(300, rng.lognormvariate(math.log(750), 0.35))))
    tokens = rng.choices(words, cum_weights=cum, k=total_words)
    # A few topic words, repeated through the article, give bm25 something to rank.
    topics = [words[rng.randrange(300, 6000)] for _ in range(3)]
    for _ in range(total_words // 60):
        tokens[rng.randrange(total_words)] = rng.choice(topics)

    picked: list[str] = []
    wanted = rng.randint(3, 5)
    while len(picked) < wanted:
        tag = rng.choices(vocab.tags, cum_weights=vocab.tag_cum_weights)[0]
        if tag not in picked:
            picked.append(tag)

    def title_word() -> str:
        return rng.choice((topics[0], topics[1], *rng.choices(words[:3000], k=2)))

    title = rng.choice(_TITLE_TEMPLATES).format(
        a=title_word(), b=title_word(), c=title_word(), v=rng.choice(_VERBS)
    )
    title = title[0].upper() + title[1:]
    date = f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    author = rng.choice(vocab.authors)

    blocks: list[str] = []
    position = 0
    first = True
    while position < total_words:
        if not first:
            heading = rng.choices(words[:2000], k=rng.randint(2, 5))
            blocks.append("## " + " ".join(heading).capitalize())
        for _ in range(rng.randint(1, 4)):
            if position >= total_words:
                break
            length = rng.randint(40, 120)
            chunk = tokens[position : position + length]
            position += length
            if rng.random() < 0.25:
                _link(rng, chunk)
            blocks.append(_sentences(rng, chunk))
        first = False
        roll = rng.random()
        if roll < 0.3 and position < total_words:
            items = []
            for _ in range(rng.randint(3, 6)):
                length = rng.randint(3, 10)
                items.append("- " + " ".join(tokens[position : position + length]).capitalize())
                position += length
            blocks.append("\n".join(items))
        elif roll < 0.36 and position < total_words:
            header = rng.choices(words[:1000], k=3)
            rows = ["| " + " | ".join(h.capitalize() for h in header) + " |"]
            rows.append("| --- | --- | ---: |")
            for _ in range(rng.randint(3, 5)):
                cells = tokens[position : position + 2]
                position += 2
                rows.append(f"| {' | '.join(cells)} | {rng.randint(1, 999)} |")
            blocks.append("\n".join(rows))
    blocks.append("".join(f"#{tag}" for tag in picked))

    front = (
        f'---\ntitle: "{title}"\ndate: {date}\nauthor: {author}\n'
        f"tags: [{', '.join(picked)}]\n---\n\n"
    )
    slug = "-".join(part.strip("?").lower() for part in title.split()[:6])
    path = f"a{index // 10_000:02d}/b{index // PER_FOLDER % 100:02d}/{index:06d}-{slug}.md"
    return path, front + "\n\n".join(blocks) + "\n"


def _write_range(args: tuple[str, int, int, int]) -> int:
    """Write articles ``start`` to ``stop``; return the bytes written."""
    out_dir, start, stop, seed = args
    root = Path(out_dir)
    written = 0
    made: set[str] = set()
    for index in range(start, stop):
        relative, text = article_text(index, seed)
        folder = os.path.dirname(relative)
        if folder not in made:
            os.makedirs(root / folder, exist_ok=True)
            made.add(folder)
        data = text.encode("utf-8")
        with open(root / relative, "wb") as handle:
            handle.write(data)
        written += len(data)
    return written


def is_complete(out_dir: Path, size: int, seed: int = 0) -> bool:
    """Whether ``out_dir`` holds a finished library of this size, seed and generator version."""
    try:
        marker: object = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker == {"size": size, "seed": seed, "version": GENERATOR_VERSION}


def generate(size: int, out_dir: Path, seed: int = 0, jobs: int | None = None) -> int:
    """Write a library of ``size`` articles to ``out_dir``.

    Args:
        size: Number of articles.
        out_dir: Target folder (created; existing article files are overwritten).
        seed: Seed; the same seed gives byte-identical files.
        jobs: Worker processes (default: the number of CPUs).

    Returns:
        Total bytes written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).unlink(missing_ok=True)
    jobs = max(1, jobs or os.cpu_count() or 1)
    step = 1_000
    tasks = [(str(out_dir), start, min(size, start + step), seed) for start in range(0, size, step)]
    if jobs == 1 or len(tasks) == 1:
        total = sum(map(_write_range, tasks))
    else:
        with Pool(jobs) as pool:
            total = sum(pool.imap_unordered(_write_range, tasks))
    marker = {"size": size, "seed": seed, "version": GENERATOR_VERSION}
    (out_dir / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="number of articles, e.g. 1000, 10000, 100000")
    parser.add_argument("out_dir", type=Path, help="folder to write the library into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPUs)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    total = generate(args.size, args.out_dir, args.seed, args.jobs)
    elapsed = time.perf_counter() - started
    print(
        f"Wrote {args.size} articles ({total / 1e6:.1f} MB, {total / max(1, args.size):.0f} B each)"
        f" to {args.out_dir} in {elapsed:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
