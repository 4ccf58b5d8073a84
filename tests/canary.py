"""Canary secrets: prove a feature really used each secret, then prove it left no trace.

A canary is a unique, recognisable value stored as a real secret for one purpose. A test
using this helper works in three steps:

1. :meth:`Canary.plant` stores one canary per purpose in the real keyring (or the test
   stores them through the feature under test, e.g. the CLI, and calls :meth:`expect`).
2. The test drives the feature, and calls :meth:`Canary.saw` with each value the feature
   actually produced from the keyring (what reached the clipboard, the upload's header, the
   VPN tool's input). :meth:`assert_all_used` then fails unless every canary was seen, so a
   feature that never read its secret cannot pass for one that read it and kept it safe.
3. :meth:`Canary.assert_no_leaks` searches every file under every root the app may write
   to (the workspace and its evidence store, the app's data, config, cache and log folders,
   the temp folder, the XDG config and cache folders, and any root a test adds, e.g. where
   it saved a pack): as bytes in UTF-8, UTF-16 (both byte orders), inside every zip (packs
   are zips; nested zips too), and as the extracted text of every PDF. Zero hits allowed.

Later features extend it: add the folders they write with :meth:`add_root`, and report
what their code used with :meth:`saw`.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from psn_desktop import app_dirs
from psn_desktop.secrets import store_secret
from psn_desktop.secrets.purposes import fixed_keys
from psn_desktop.workspace.store import Workspace

OTHER_KEY = "other_1"
OTHER_LABEL = "Canary other secret"
MAX_NESTING = 4


ISOLATED_FLAG = "PSN_CANARY_ISOLATED"


def isolate_folders(monkeypatch, root: Path) -> None:  # type: ignore[no-untyped-def]
    """Give this test (and the processes it starts) their own temp, XDG config and XDG cache
    folders, so everything the app writes there can be searched, and nothing else is."""
    for name, variable in (("temp", "TMPDIR"), ("xdg-config", "XDG_CONFIG_HOME"),
                           ("xdg-cache", "XDG_CACHE_HOME")):
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(root / "temp"))
    monkeypatch.setenv(ISOLATED_FLAG, "1")


@dataclass(frozen=True)
class Hit:
    key: str  # which canary
    place: str  # file path, with "!member" for zip members
    form: str  # utf-8, utf-16-le, utf-16-be, pdf-text


@dataclass
class Canary:
    workspace: Workspace
    roots: list[Path] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    used: dict[str, str] = field(default_factory=dict)  # key -> where the feature used it

    def __post_init__(self) -> None:
        assert os.environ.get(ISOLATED_FLAG) == "1", (
            "Call isolate_folders() first, so the temp and XDG folders searched are this "
            "test's own")
        if not self.values:
            # Distinctive, but nothing a real document could contain by chance.
            self.values = {key: f"CANARY-{key}-{uuid.uuid4().hex}"
                           for key in [*fixed_keys(), OTHER_KEY]}
        self.add_root(self.workspace.folder)
        for folder in (app_dirs.data_dir(), app_dirs.config_dir(), app_dirs.cache_dir(),
                       app_dirs.log_dir(), Path(tempfile.gettempdir())):
            self.add_root(folder)
        for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            if os.environ.get(variable):
                self.add_root(Path(os.environ[variable]))

    # ----- step 1: planting ----------------------------------------------------------------

    def plant(self) -> None:
        """Store every canary through the secrets service."""
        for key, value in self.values.items():
            store_secret(self.workspace, "other" if key == OTHER_KEY else key, value,
                         label=OTHER_LABEL if key == OTHER_KEY else "")

    def purpose_argument(self, key: str) -> tuple[str, ...]:
        """The CLI arguments naming this canary's purpose."""
        if key == OTHER_KEY:
            return ("other", "--label", OTHER_LABEL)
        return (key.replace("_", "-"),)

    # ----- step 2: proving use ---------------------------------------------------------------

    def saw(self, key: str, observed: str, where: str) -> None:
        """The feature produced ``observed`` for ``key``: it must be exactly the canary."""
        assert observed == self.values[key], (
            f"{where} used a different value for {key} than the one stored")
        self.used[key] = where

    def assert_all_used(self) -> None:
        unused = sorted(set(self.values) - set(self.used))
        assert not unused, f"The feature never used these secrets: {unused}"

    # ----- step 3: searching everything --------------------------------------------------------

    def add_root(self, path: Path) -> None:
        path = Path(path)
        if path not in self.roots:
            self.roots.append(path)

    def files(self) -> Iterator[Path]:
        seen: set[Path] = set()
        for root in self.roots:
            candidates = [root] if root.is_file() else (
                sorted(root.rglob("*")) if root.exists() else [])
            for path in candidates:
                resolved = path.resolve()
                if resolved not in seen and path.is_file() and not path.is_symlink():
                    seen.add(resolved)
                    yield path

    def scan(self) -> list[Hit]:
        hits: list[Hit] = []
        for path in self.files():
            try:
                data = path.read_bytes()
            except OSError:
                continue  # a socket or a file another process holds open exclusively
            hits.extend(self.scan_bytes(data, str(path)))
        return hits

    def scan_bytes(self, data: bytes, place: str, depth: int = 0) -> list[Hit]:
        hits = []
        for key, value in self.values.items():
            for form in ("utf-8", "utf-16-le", "utf-16-be"):
                if value.encode(form) in data:
                    hits.append(Hit(key, place, form))
        if data.startswith(b"%PDF-"):
            text = pdf_text(data)
            hits.extend(Hit(key, place, "pdf-text") for key, value in self.values.items()
                        if value in text or value in text.replace("\n", ""))
        if data[:4] == b"PK\x03\x04" and depth < MAX_NESTING:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    if not member.is_dir():
                        hits.extend(self.scan_bytes(archive.read(member),
                                                    f"{place}!{member.filename}", depth + 1))
        return hits

    def assert_no_leaks(self) -> int:
        """Fail on any hit; return how many files were searched (so a test can check > 0)."""
        hits = self.scan()
        assert not hits, "Secrets found outside the keyring:\n" + "\n".join(
            f"  {h.key} in {h.place} ({h.form})" for h in hits)
        return sum(1 for _ in self.files())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
