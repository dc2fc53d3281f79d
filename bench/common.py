"""Each benchmark script owns one section of ``bench/RESULTS.md`` and replaces only that."""

from __future__ import annotations

from pathlib import Path


def replace_section(out: Path, heading: str, text: str) -> None:
    """Put ``text`` (starting with ``heading``) in place of that section, or append it.

    A section runs from its ``## `` heading to the next one; other sections stay as they are.
    """
    old = out.read_text(encoding="utf-8") if out.exists() else "# zo-reader benchmark results\n"
    start = old.find(heading)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        following = old.find("\n## ", start + len(heading))
        rest = old[following + 1 :] if following >= 0 else ""
        new = old[:start] + text + ("\n" + rest if rest else "")
    out.write_text(new, encoding="utf-8")
