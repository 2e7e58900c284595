"""The one logging setup for the window and the command line: a rotating file in `<data_dir>/logs/`."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_DIRNAME = "logs"
LOG_FILENAME = "gianhang.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

# Whatever looks like a credential is masked before it reaches the file: support staff read
# these logs, and the store's key and secret must only ever live in the OS credential store.
_SECRET = re.compile(
    r"(?i)((?:api[_-]?key|secret|password|passwd|token|authorization|x-api-key)\s*[\"']?\s*[:=]\s*[\"']?"
    r"(?:bearer\s+|basic\s+)?)([^\s\"',;&]+)"
)


class RedactSecrets(logging.Filter):
    """Masks `key=…`, `secret: …`, `Authorization: Bearer …` and the like in log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        cleaned = _SECRET.sub(r"\1***", text)
        if cleaned != text:
            record.msg, record.args = cleaned, None
        return True


class _AppFileHandler(logging.handlers.RotatingFileHandler):
    """Marks the handler this module installed, so a second call replaces it instead of adding one.

    A record that cannot be written (a full disk, a read-only data folder) is dropped quietly and
    the file reopened for the next one: logging's default would print a traceback on stderr, over
    the command's one-line error.
    """

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API
        import sys

        if not isinstance(sys.exc_info()[1], OSError):
            super().handleError(record)
            return
        stream, self.stream = self.stream, None  # (delay=True: the next record opens it again)
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass


def log_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIRNAME


def configure_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Send the app's log records to `<data_dir>/logs/gianhang.log` (1 MB × 5 files); its path.

    Safe to call again (e.g. with another data folder): the previous file handler is replaced.
    """
    folder = log_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILENAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _AppFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = _AppFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactSecrets())
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    logging.captureWarnings(True)
    return path
