"""zo-reader: an accessible terminal reader for browsing articles.

This module holds the version only and imports nothing, so that
``import zo_reader`` stays free on every start-up path.
"""

__version__ = "0.1.0"
