"""`python -m gianhang_desktop` runs the command line."""

from .cli import run

run()
