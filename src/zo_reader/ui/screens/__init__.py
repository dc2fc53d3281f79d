"""The TUI's screens: browse (the main one), help, contents, bookmarks, links."""
