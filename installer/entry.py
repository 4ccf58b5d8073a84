"""The frozen programs' entry: the same ``main`` as the ``psn-desktop`` command.

A windowed program on Windows has no standard streams at all (``sys.stdout`` is None), and a
library that writes a warning would then crash the app; they are pointed at the null device.
Output redirected to a file on Windows uses the ANSI code page, which cannot hold every
character of a Welsh or Polish name: such characters are replaced rather than crashing an IT
officer's script (set PYTHONUTF8=1 for UTF-8 output).
"""

import os
import sys


def _give_streams() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")


if __name__ == "__main__":
    _give_streams()
    from psn_desktop.cli import main

    sys.exit(main())
