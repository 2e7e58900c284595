"""Excel/CSV in the window: the import wizard and the export actions (see README.md to wire them in)."""

from .background import Job, run_in_background
from .export_actions import build_export_menu, start_export
from .wizard import ImportWizard

__all__ = ["ImportWizard", "Job", "build_export_menu", "run_in_background", "start_export"]
