"""The first start of a new data folder: start empty, demo data, Excel import or a restore, then the shop."""

from .flow import run_first_start_if_needed

__all__ = ["run_first_start_if_needed"]
