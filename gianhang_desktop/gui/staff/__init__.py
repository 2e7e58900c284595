"""The window's staff area: sign-in at start, the users page, the audit page."""
