"""Excel/CSV in the window: the import wizard and the export actions (see README.md to wire them in)."""

from .background import Job, from_task_runner, run_in_background
from .export_actions import build_export_menu, start_export
from .wizard import ImportWizard, run_import_wizard

__all__ = [
    "ImportWizard", "Job", "build_export_menu", "from_task_runner", "run_import_wizard", "run_in_background",
    "start_export",
]
