"""First start, the backup panel of the settings page, and the way out of a damaged database."""

from .backup_panel import BackupPanel
from .damaged import check_database_at_start
from .flow import run_first_start_if_needed
from .startup import open_app_data

__all__ = ["BackupPanel", "check_database_at_start", "open_app_data", "run_first_start_if_needed"]
