"""First start, the backup panel of the settings page, and the way out of a damaged database."""

from .backup_panel import BackupPanel
from .damaged import check_database_at_start
from .flow import run_first_start_if_needed

__all__ = ["BackupPanel", "check_database_at_start", "run_first_start_if_needed"]
