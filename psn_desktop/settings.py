"""App-wide settings (upload endpoint, extra root certificate, proxy, language), in one file.

Services read settings only through this module so the file's shape lives in one place. The
file sits in the platform config folder; it never holds a secret (tokens and passwords live
in the keyring), and unknown or malformed values fall back to defaults with a warning rather
than stopping the app.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from psn_desktop import app_dirs
from psn_desktop.atomic import write_text_atomic

log = logging.getLogger(__name__)


@dataclass
class Settings:
    upload_endpoint: str = ""
    extra_root_certificate: str = ""  # path to a PEM file the organisation's proxy uses
    proxy: str = ""  # blank: use the system's settings
    language: str = ""  # blank: the system's language
    upload_backoff_max_seconds: int = 60
    upload_give_up_minutes: int = 10
    support_data_url: str = ""  # where a newer copy of the support dates can be fetched


def settings_file() -> Path:
    return app_dirs.config_dir() / "settings.json"


def load_settings() -> Settings:
    try:
        raw = json.loads(settings_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        log.warning("Settings file %s could not be read (%s); using defaults.",
                    settings_file(), error)
        return Settings()
    defaults = Settings()
    values = {}
    for item in fields(Settings):
        value = raw.get(item.name, getattr(defaults, item.name)) if isinstance(raw, dict) else None
        if isinstance(value, type(getattr(defaults, item.name))):
            values[item.name] = value
    return Settings(**values)


def save_settings(settings: Settings) -> None:
    write_text_atomic(settings_file(), json.dumps(asdict(settings), indent=2))
