"""Helpers for testing with real screen readers."""
