"""The headless core: articles, sources, the search index and plain-text rendering.

Nothing here imports Textual or Rich; the UI and the CLI are thin layers on top.
"""
