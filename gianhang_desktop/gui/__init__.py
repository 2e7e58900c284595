"""The window: a thin PySide6 face over the core's services."""
