"""Where the app keeps its own files (settings, the list of known workspaces, logs, caches).

All of it comes from ``platformdirs`` so that Windows gets ``%LOCALAPPDATA%`` (never the
roaming or OneDrive-synced profile, where SQLite's locking is unsafe) and Linux gets the XDG
folders. ``PSN_DESKTOP_HOME`` roots every folder in one place instead: the tests use it to
keep each run apart, and IT staff can use it for a portable install.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "PSN Desktop"
APP_AUTHOR = "PSN Desktop"


def _root_override() -> Path | None:
    value = os.environ.get("PSN_DESKTOP_HOME", "").strip()
    return Path(value) if value else None


def _dir(kind: str) -> Path:
    root = _root_override()
    if root is not None:
        path = root / kind
    else:
        getter = {
            "data": platformdirs.user_data_dir,
            "config": platformdirs.user_config_dir,
            "cache": platformdirs.user_cache_dir,
            "logs": platformdirs.user_log_dir,
        }[kind]
        path = Path(getter(APP_NAME, APP_AUTHOR, roaming=False))
    return path


def data_dir() -> Path:
    return _dir("data")


def config_dir() -> Path:
    return _dir("config")


def cache_dir() -> Path:
    return _dir("cache")


def log_dir() -> Path:
    return _dir("logs")


def default_workspaces_dir() -> Path:
    """New workspaces go under local app data: not synced, not on a share, always writable."""
    return data_dir() / "workspaces"
