"""Excel/CSV in the window: the import wizard and the export actions, on the window's task runner."""

from .export_actions import build_export_menu, start_export
from .wizard import ImportWizard, run_import_wizard

__all__ = ["ImportWizard", "build_export_menu", "run_import_wizard", "start_export"]
