"""A throwaway 64-bit Wine prefix, kept away from the real home folder, for installer tests.

Wine links the prefix's Desktop and Documents to the user's home and, through
``winemenubuilder``, copies shortcuts into the Linux desktop menu; both would leak test
shortcuts onto the machine. So HOME and the XDG folders point into the test's own folder,
``winemenubuilder`` is switched off, and Wine is told not to fetch Mono or Gecko. Wine 8
makes new prefixes report Windows 7, which the installer rightly refuses; the prefix is set
to Windows 10, the oldest version the installer supports.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

OVERRIDES = "mscoree,mshtml=;winemenubuilder.exe=d"
_REG_LINE = re.compile(r"^    (?P<name>.+?)    (?P<kind>REG_[A-Z_]+)(?:    (?P<data>.*))?$")


def wine_available() -> str | None:
    """Why Wine cannot run here, or None when it can."""
    for tool in ("wine", "wineserver", "winepath"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install wine wine64)"
    return None


@dataclass
class WinePrefix:
    root: Path  # holds the prefix and the fake home
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        home = self.root / "home"
        for sub in ("", ".local/share", ".config", ".cache"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items()
               if not k.startswith(("WINE", "XDG_", "DISPLAY", "WAYLAND"))},
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "WINEPREFIX": str(self.root / "prefix"),
            "WINEARCH": "win64",
            "WINEDLLOVERRIDES": OVERRIDES,
            "WINEDEBUG": "-all",
        }

    @property
    def prefix(self) -> Path:
        return Path(self.env["WINEPREFIX"])

    @property
    def home(self) -> Path:
        return Path(self.env["HOME"])

    def create(self, windows_version: str = "win10") -> None:
        self.run(["wineboot", "--init"], timeout=180)
        self.wait()
        self.set_windows_version(windows_version)

    def set_windows_version(self, version: str) -> None:
        self.run(["wine", "winecfg", "-v", version], timeout=60)
        self.wait()

    def run(self, command: list[str], timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(command, env=self.env, capture_output=True, text=True,
                              timeout=timeout, check=False, stdin=subprocess.DEVNULL)

    def wine(self, program: Path | str, *args: str, timeout: float = 300) -> int:
        """Run a Windows program and wait for it and everything it started to finish."""
        result = self.run(["wine", str(program), *args], timeout=timeout)
        self.wait()
        return result.returncode

    def wait(self) -> None:
        """Block until every process in the prefix has ended (the uninstaller re-launches
        itself from a temporary copy, so its first process returns at once)."""
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=300, check=False)

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60, check=False,
                       capture_output=True)

    def unix_path(self, windows_path: str) -> Path:
        result = self.run(["winepath", "-u", windows_path], timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"winepath failed for {windows_path}: {result.stderr}")
        return Path(result.stdout.strip())

    def shell_folder(self, name: str, all_users: bool = False) -> str:
        """A Windows shell folder's path as the registry gives it (e.g. 'Local AppData')."""
        root = "HKLM" if all_users else "HKCU"
        values = self.reg_query(rf"{root}\Software\Microsoft\Windows\CurrentVersion\Explorer"
                                r"\Shell Folders")
        if values is None or name not in values:
            raise RuntimeError(f"Wine has no shell folder {name!r}")
        return values[name][1]

    def reg_query(self, key: str) -> dict[str, tuple[str, str]] | None:
        """The values of one registry key as {name: (type, data)}; None if the key is absent.

        The default value is returned under the name "".
        """
        result = self.run(["wine", "reg", "query", key], timeout=60)
        if result.returncode != 0:
            return None
        values: dict[str, tuple[str, str]] = {}
        for line in result.stdout.splitlines():
            match = _REG_LINE.match(line)
            if match:
                name = match.group("name")
                values["" if name == "(Default)" else name] = (match.group("kind"),
                                                               match.group("data") or "")
        return values
