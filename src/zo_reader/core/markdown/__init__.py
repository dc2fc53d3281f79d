"""The one document model (issue 13) and its two layouts.

``parser`` (bounded markdown-it) → ``blocks`` (the token walker) → ``model`` (blocks,
containers, inline runs, anchors and links, width-independent) → ``styled_layout``
(the reader's look; ``highlight`` colours code) or ``plain_layout`` (structure in
words). ``wrap`` is the one cell measure and wrapper; ``html_text`` reads raw HTML.
"""
