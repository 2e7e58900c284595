"""Backups and restores in the window: the Cài đặt section, the actions the first start shares, and
the way out of a damaged database at start."""
