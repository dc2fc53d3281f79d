"""Back and forward through the articles read in this session, like a browser."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class History:
    """A browser-style history of article ids.

    Visiting an article after going back drops the forward entries.
    """

    entries: list[str] = field(default_factory=list)
    position: int = -1

    def visit(self, article_id: str) -> None:
        """Record that ``article_id`` was opened (a repeat of the current one is ignored)."""
        if self.current == article_id:
            return
        del self.entries[self.position + 1 :]
        self.entries.append(article_id)
        self.position = len(self.entries) - 1

    @property
    def current(self) -> str | None:
        """The article being read, if any."""
        return self.entries[self.position] if self.position >= 0 else None

    def can_go_back(self) -> bool:
        """Whether there is an earlier article."""
        return self.position > 0

    def can_go_forward(self) -> bool:
        """Whether there is a later article (after going back)."""
        return self.position < len(self.entries) - 1

    def back(self) -> str | None:
        """Step back and return the article id there, or ``None`` at the start."""
        if not self.can_go_back():
            return None
        self.position -= 1
        return self.entries[self.position]

    def forward(self) -> str | None:
        """Step forward and return the article id there, or ``None`` at the end."""
        if not self.can_go_forward():
            return None
        self.position += 1
        return self.entries[self.position]
