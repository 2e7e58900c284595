"""The photos panel, page and thumbnail loading of the window (see README.md for wiring)."""
