"""What can stop a pack being built or read, as messages a user can act on.

Each error's ``str()`` is the whole message: what happened and what to do next. The CLI maps
:class:`PackError` to exit code 2 (unusable input) and :class:`PackEnvironmentError` to 3;
the GUI shows the message as it is.
"""

from __future__ import annotations


class PackError(Exception):
    """The pack could not be built or read; the message is for the user."""


class PackCancelled(PackError):
    """The user stopped the build; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Building the pack was cancelled. Nothing was saved.")


class PackEnvironmentError(PackError):
    """This PC cannot do it right now (disk full, folder not writable), not the input's fault."""


class OutputExists(PackError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"There is already a file at {path}. Choose another name, or allow it to be "
            "replaced (--force on the command line)."
        )


class UnsafeArchive(PackError):
    """A zip that could harm this PC (paths outside the folder, links, a zip bomb)."""
