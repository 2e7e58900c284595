"""The Sync page and the listing editor: the window's face on `core.sync`."""
