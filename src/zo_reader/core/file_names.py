"""What a file's name and place say about an article: a title, and a Jekyll post's date.

People name files for what they hold, and the tools they use read those
names: Obsidian shows a note's file name as its title, Jekyll takes a post's
date and title from ``2023-07-14-my-post.md``, and Hugo names a section page
(``_index.md``) after its folder. Without a title in the front matter or a
heading that opens the document, the article is called what its name says,
in words: ``sleep-and-mood.md`` is "Sleep and mood".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from zo_reader.core.sanitize import clean_line

# Jekyll's post names: a date, then (for a post) a dash and the title's slug.
_DATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[-_ ]+(.+))?")
# Dashes and underscores between words; a dash between two digits (1-0-0) stays.
_WORD_GAP = re.compile(r"(?<!\d)[-_]+|[-_]+(?!\d)|_+")
_SPACES = re.compile(r"\s+")
_SECTION_PAGES = ("_index", "index")
VAULT_FOLDER = ".obsidian"
"""The folder that makes a folder an Obsidian vault."""


@dataclass(frozen=True, slots=True)
class NameTitle:
    """The title a file's name gives.

    Attributes:
        title: The title ("" when the name gives none).
        conventional: Whether such files are named so by the tool that
            keeps them (an Obsidian note, a Jekyll post, a Hugo section page)
            or by their kind (a plain ``.txt`` file has nowhere else to put
            a title): a title of its own. Otherwise a file name made readable.
        first: Whether it comes before the article's opening heading (an
            Obsidian note is always its file name; a Hugo section page its folder's).
    """

    title: str
    conventional: bool = False
    first: bool = False


# A site generator's own folders: templates, styles, data and build output, never
# articles. Jekyll's `_includes/*.html` were read as 24 pages with no text, and its
# `_site` (or Hugo's `public`) would list every article twice.
_JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
_JEKYLL_FOLDERS = frozenset({"_includes", "_layouts", "_sass", "_data", "_plugins", "_site"})
_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml")
_HUGO_FOLDERS = frozenset({"layouts", "public", "resources", "themes", "archetypes"})


def site_tool_folders(root: Path) -> frozenset[str]:
    """The names of the folders at ``root`` that a Jekyll or Hugo site keeps for itself.

    Only at the top of a folder with the tool's configuration file, so a
    folder of notes called ``layouts`` elsewhere is still read.
    """
    skipped: frozenset[str] = frozenset()
    try:
        if _has_any(root, _JEKYLL_CONFIGS):
            skipped |= _JEKYLL_FOLDERS
        if _has_any(root, _HUGO_CONFIGS):
            skipped |= _HUGO_FOLDERS
    except OSError:
        pass
    return skipped


# Hugo's render hooks for links: the site's own template decides what a link leads to.
_LINK_HOOKS = ("layouts/_markup/render-link.html", "layouts/_default/_markup/render-link.html")


def site_link_hook(root: Path) -> str | None:
    """The Hugo render hook that writes the links of the site ``root`` is in, if it has one.

    A library is often a site's ``content/`` (or ``content/en/``), so the site's
    configuration is looked for at ``root`` and up to three folders above it.
    Returns the hook's path from the site's folder (a theme's included).
    """
    try:
        site = next(
            (f for f in (root, *list(root.resolve().parents)[:3]) if _has_any(f, _HUGO_CONFIGS)),
            None,
        )
        if site is None:
            return None
        themes = sorted((site / "themes").glob("*/")) if (site / "themes").is_dir() else []
        bases = ["", *(f"themes/{theme.name}/" for theme in themes)]
        return next((b + h for b in bases for h in _LINK_HOOKS if (site / b / h).is_file()), None)
    except OSError:
        return None


def _has_any(folder: Path, names: tuple[str, ...]) -> bool:
    return any((folder / name).is_file() for name in names)


def is_vault(root: Path) -> bool:
    """Whether ``root`` is an Obsidian vault (it holds a ``.obsidian`` folder)."""
    try:
        return (root / VAULT_FOLDER).is_dir()
    except OSError:
        return False


def pretty_name(name: str) -> str:
    """A file name as words: dashes and underscores become spaces, the first letter a capital.

    Only a lowercase first letter is changed, so ``README`` and ``iPhone``
    keep their case; a dash between digits (``1-0-0``) stays.
    """
    words = _SPACES.sub(" ", _WORD_GAP.sub(" ", name)).strip()
    if words[:1].islower() and not words[1:2].isupper():
        words = words[0].upper() + words[1:]
    return clean_line(words)


def name_date(path: str) -> str | None:
    """The ISO date at the start of a file name (``2023-07-14-title.md``), if it is a real date."""
    match = _DATED.fullmatch(PurePosixPath(path).stem)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:  # 2023-02-30 is a name, not a date
        return None


def name_title(path: str, *, vault: bool) -> NameTitle:
    """The title the file's name and folder give.

    Args:
        path: The file's path relative to the library root.
        vault: Whether the file is a note of an Obsidian vault (named as written).
    """
    pure = PurePosixPath(path)
    stem = pure.stem
    if vault:
        return NameTitle(clean_line(stem), conventional=True, first=True)
    folder = pure.parent.name
    if stem.lower() in _SECTION_PAGES:
        section = stem.lower() == "_index"
        title = pretty_name(folder) if folder else ("Home" if section else "")
        return NameTitle(title, conventional=bool(title), first=section)
    match = _DATED.fullmatch(stem)
    if match is not None and name_date(path) is not None:
        rest = match[4]
        return NameTitle(pretty_name(rest) if rest else clean_line(stem), conventional=True)
    # A plain text file has no place for a title but its name (nor a heading to give one).
    return NameTitle(pretty_name(stem), conventional=pure.suffix.lower() == ".txt")
