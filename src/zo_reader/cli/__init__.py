"""The scriptable command line: list, tags, search and read."""
