"""Keep the support dates current: warn when they are old, fetch a newer copy when online.

Lifecycle dates move (Microsoft extends a release, Apple ships a new macOS), so answers from
data reviewed more than 12 months ago are flagged. A newer copy can be fetched from the
address in the app settings; it replaces the current one only if every file validates
against the schema and the whole set is newer, and it is swapped in atomically, so a bad
download or a dropped connection always leaves the old data working.

The download is one JSON document: ``{"format": "psn-desktop-support-bundle",
"format_version": 1, "files": {"windows.json": {...}, ...}}``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from psn_desktop import app_dirs
from psn_desktop.domain.support import (
    SupportData,
    SupportDataError,
    data_is_stale,
    format_uk_date,
    load_support_data,
)

BUNDLE_FORMAT = "psn-desktop-support-bundle"
MAX_BUNDLE_BYTES = 5 * 1024 * 1024
STALE_AFTER_DAYS = 365


def downloaded_folder() -> Path:
    return app_dirs.data_dir() / "support"


def current_support_data() -> SupportData:
    """The downloaded copy if it is valid and newer than the bundled data; else the bundled."""
    bundled = load_support_data()
    folder = downloaded_folder()
    if not folder.is_dir():
        return bundled
    try:
        fetched = load_support_data(folder)
    except SupportDataError:
        return bundled
    return fetched if fetched.reviewed > bundled.reviewed else bundled


def staleness_warning(data: SupportData, as_of: date) -> str | None:
    """A sentence for the user when the data is over 12 months old, else None."""
    if not data_is_stale(data, as_of, STALE_AFTER_DAYS):
        return None
    return (f"The software support dates were last checked on {format_uk_date(data.reviewed)}, "
            "more than 12 months ago, so some answers may be out of date. Update PSN Desktop "
            "or fetch newer dates (psn-desktop devices update-support-data), and check any "
            "device close to its end date on the vendor's website.")


@dataclass(frozen=True)
class UpdateOutcome:
    """What an update attempt did; ``message`` is for the user either way."""

    updated: bool
    message: str
    reviewed: date | None = None


class SupportUpdateError(Exception):
    """The update could not even be tried (no address configured, no network)."""


def fetch_support_data(url: str, *, timeout: float = 20.0, verify: bool | str = True,
                       proxies: dict[str, str] | None = None) -> UpdateOutcome:
    """Download the bundle at ``url`` and install it if it validates and is newer."""
    import requests

    if not url.strip():
        raise SupportUpdateError("No address for support date updates is set. Ask your IT "
                                 "provider for it and add it in the settings.")
    try:
        with requests.get(url, timeout=timeout, verify=verify, proxies=proxies,
                          stream=True) as response:
            if response.status_code != 200:
                return UpdateOutcome(False, f"The update server answered {response.status_code}"
                                     f" ({response.reason}); the current dates are kept.")
            body = bytearray()
            for chunk in response.iter_content(65536):
                body.extend(chunk)
                if len(body) > MAX_BUNDLE_BYTES:
                    return UpdateOutcome(False, "The download was far larger than support dates "
                                         "can be, so it was not used; the current dates are "
                                         "kept.")
    except requests.exceptions.SSLError:
        raise SupportUpdateError("The secure connection to the update server failed. If your "
                                 "network inspects secure traffic, add its root certificate in "
                                 "the settings.") from None
    except requests.exceptions.RequestException as error:
        raise SupportUpdateError(f"The update server could not be reached ({type(error).__name__})"
                                 ". Check the network and try again later.") from None
    return install_bundle(bytes(body))


def install_bundle(body: bytes, *, current: SupportData | None = None) -> UpdateOutcome:
    """Validate a downloaded bundle and swap it in if newer; never damages the current data."""
    current = current or current_support_data()
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return UpdateOutcome(False, "The download was not support dates (not JSON); the current "
                             "dates are kept.")
    files = doc.get("files") if isinstance(doc, dict) else None
    if (not isinstance(doc, dict) or doc.get("format") != BUNDLE_FORMAT
            or doc.get("format_version") != 1 or not isinstance(files, dict) or not files):
        return UpdateOutcome(False, "The download was not a PSN Desktop support dates bundle; "
                             "the current dates are kept.")
    target = downloaded_folder()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".support-", dir=target.parent))
    try:
        for name, content in files.items():
            if (not isinstance(name, str) or not name.endswith(".json") or "/" in name
                    or "\\" in name or name.startswith(".")):
                return UpdateOutcome(False, f"The download names a file “{name}” that support "
                                     "dates cannot have; the current dates are kept.")
            (staging / name).write_text(json.dumps(content, ensure_ascii=False), "utf-8")
        try:
            fetched = load_support_data(staging)
        except SupportDataError as error:
            return UpdateOutcome(False, f"The downloaded dates did not pass the checks ({error}); "
                                 "the current dates are kept.")
        missing = sorted(set(current.products()) - set(fetched.products()))
        if missing:
            return UpdateOutcome(False, "The downloaded dates leave out products the current "
                                 f"ones have ({', '.join(missing[:5])}); the current dates are "
                                 "kept.")
        if fetched.reviewed <= current.reviewed:
            return UpdateOutcome(False, "The dates on the server (checked on "
                                 f"{format_uk_date(fetched.reviewed)}) are not newer than the "
                                 f"ones here ({format_uk_date(current.reviewed)}); nothing to "
                                 "do.", current.reviewed)
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return UpdateOutcome(True, "The support dates were updated (now checked on "
                             f"{format_uk_date(fetched.reviewed)}).", fetched.reviewed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def update_from_settings() -> UpdateOutcome:
    """Fetch from the configured address, with the app's proxy and root certificate."""
    from psn_desktop.settings import load_settings

    settings = load_settings()
    verify: bool | str = settings.extra_root_certificate or True
    proxies = {"http": settings.proxy, "https": settings.proxy} if settings.proxy else None
    return fetch_support_data(settings.support_data_url, verify=verify, proxies=proxies)
