"""Reusable widgets of the reader: tag sidebar, article list and article view."""
