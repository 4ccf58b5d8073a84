"""The one way checks run commands: with a time limit, cancellable, and recorded.

Every command's raw output is kept under a name, so ``psn-desktop check --raw-output DIR``
can save exactly what Windows said; the Windows CI keeps those files as test fixtures and
the parsers are tested on them. PowerShell scripts are passed base64-encoded (no quoting
problems) to Windows PowerShell 5.1, which every supported Windows has, and are asked for
UTF-8 so names in any language survive.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT = 20.0
_POLL = 0.05

_PS_PREAMBLE = (
    "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8;\n"
)


class Cancelled(Exception):
    """The user pressed Cancel while a command was running."""


@dataclass
class CommandOutput:
    """What a command did. ``missing`` means the program is not on this computer."""

    args: list[str]
    returncode: int | None
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    missing: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and not self.missing

    def problem(self) -> str:
        """Why the command gave no answer, in words (blank when it did)."""
        name = Path(self.args[0]).name if self.args else "the command"
        if self.missing:
            return f"{name} is not available on this computer"
        if self.timed_out:
            return f"{name} did not answer within {self.seconds:.0f} seconds"
        if self.returncode != 0:
            detail = (self.stderr or self.stdout).strip().splitlines()
            first = detail[-1][:200] if detail else ""
            return f"{name} failed (exit code {self.returncode}){': ' + first if first else ''}"
        return ""


@dataclass
class CommandRunner:
    """Runs commands for the checks; share one per scan so Cancel stops them all."""

    cancel_event: threading.Event = field(default_factory=threading.Event)
    raw: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def run(self, name: str, args: list[str], *, timeout: float = DEFAULT_TIMEOUT,
            input_text: str | None = None) -> CommandOutput:
        """Run ``args``; record stdout under ``name``. Never raises for a failing command."""
        if self.cancelled:
            raise Cancelled
        program = shutil.which(args[0]) if not os.path.isabs(args[0]) else args[0]
        started = time.monotonic()
        if program is None or not os.path.exists(program):
            return CommandOutput(args, None, missing=True)
        kwargs: dict = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        env = dict(os.environ, LC_ALL="C", LANG="C")  # parse English on Linux
        try:
            process = subprocess.Popen(
                [program, *args[1:]], stdin=subprocess.PIPE if input_text else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **kwargs)
        except OSError as error:
            return CommandOutput(args, None, stderr=str(error), missing=True)
        out, err, timed_out = self._wait(process, input_text, timeout)
        stdout = out.decode("utf-8", errors="replace")
        stderr = err.decode("utf-8", errors="replace")
        with self._lock:
            self.raw[name] = stdout
            if stderr.strip():
                self.raw[f"{name}.stderr"] = stderr
        return CommandOutput(args, process.returncode, stdout, stderr, timed_out,
                             seconds=time.monotonic() - started if not timed_out else timeout)

    def _wait(self, process: subprocess.Popen, input_text: str | None,
              timeout: float) -> tuple[bytes, bytes, bool]:
        deadline = time.monotonic() + timeout
        data = input_text.encode("utf-8") if input_text else None
        while True:
            try:
                out, err = process.communicate(input=data, timeout=_POLL)
                return out or b"", err or b"", False
            except subprocess.TimeoutExpired:
                data = None  # already sent
                if self.cancelled or time.monotonic() >= deadline:
                    process.kill()
                    out, err = process.communicate()
                    if self.cancelled:
                        raise Cancelled from None
                    return out or b"", err or b"", True

    def powershell(self, name: str, script: str, *,
                   timeout: float = DEFAULT_TIMEOUT) -> CommandOutput:
        """Run a Windows PowerShell script that prints JSON; no profile, no prompts."""
        encoded = base64.b64encode((_PS_PREAMBLE + script).encode("utf-16-le")).decode("ascii")
        exe = shutil.which("powershell.exe") or shutil.which("powershell") or "powershell.exe"
        return self.run(name, [exe, "-NoLogo", "-NoProfile", "-NonInteractive",
                               "-ExecutionPolicy", "Bypass", "-EncodedCommand", encoded],
                        timeout=timeout)

    def read_text(self, name: str, path: str | Path) -> str | None:
        """Read a small system file (Linux checks); None if it is not there or not readable."""
        if self.cancelled:
            raise Cancelled
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        with self._lock:
            self.raw[name] = text
        return text

    def save_raw(self, folder: Path) -> list[Path]:
        """Write every recorded output to ``folder`` (one file each) for use as fixtures."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        with self._lock:
            items = sorted(self.raw.items())
        for name, text in items:
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
            path = folder / f"{safe}.txt"
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
        return written
