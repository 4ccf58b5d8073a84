"""The list of workspaces this user has opened, for the switcher and ``psn-desktop workspaces``.

IT support firms prepare packs for many customers from one PC; they need to see every
workspace with its organisation and where it lives. The list is a small JSON file in the
app's data folder; it holds paths and names only, never anything secret.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from psn_desktop import app_dirs
from psn_desktop.atomic import write_text_atomic


@dataclass
class KnownWorkspace:
    id: str
    path: str
    title: str
    last_opened: str

    @property
    def exists(self) -> bool:
        return (Path(self.path) / "workspace.sqlite3").is_file()


def _registry_file() -> Path:
    return app_dirs.data_dir() / "known-workspaces.json"


def known_workspaces() -> list[KnownWorkspace]:
    try:
        raw = json.loads(_registry_file().read_text(encoding="utf-8"))
        entries = [KnownWorkspace(**item) for item in raw.get("workspaces", [])]
    except (OSError, ValueError, TypeError):
        return []  # a missing or damaged list is rebuilt as workspaces are opened
    return sorted(entries, key=lambda entry: entry.last_opened, reverse=True)


def remember(workspace_id: str, path: Path, title: str) -> None:
    resolved = str(Path(path).resolve())
    entries = [e for e in known_workspaces() if e.path != resolved]
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    entries.insert(0, KnownWorkspace(workspace_id, resolved, title, stamp))
    _save(entries)


def forget(path: Path) -> None:
    resolved = str(Path(path).resolve())
    _save([e for e in known_workspaces() if e.path != resolved])


def _save(entries: list[KnownWorkspace]) -> None:
    payload = {"version": 1, "workspaces": [asdict(e) for e in entries]}
    write_text_atomic(_registry_file(), json.dumps(payload, indent=2))
