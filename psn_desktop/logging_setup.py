"""The app's log file: in the platform log folder, size-limited, and scrubbed of secrets.

IT support ask for the log when something goes wrong, so it must be easy to find and safe
to send: every record passes :mod:`psn_desktop.log_redaction` before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from psn_desktop import app_dirs
from psn_desktop.log_redaction import SecretRedactingFilter, install

LOG_NAME = "psn-desktop.log"
_MARK = "_psn_desktop_handler"


def log_file() -> Path:
    return app_dirs.log_dir() / LOG_NAME


def configure_logging(level: int = logging.INFO) -> Path:
    """Send the app's records to its log file (once per process); return the file's path."""
    install()
    path = log_file()
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, _MARK, "") == str(path):
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretRedactingFilter())
    setattr(handler, _MARK, str(path))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path


def stop_logging() -> None:
    """Close the app's log handlers (tests, and before the app's folders are removed)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, ""):
            root.removeHandler(handler)
            handler.close()
