"""Sending the pack from the app: the panel, its controller and the 'send when online' runner.

:func:`start_background_sending` is the one call the app makes when a workspace opens: it
starts the queue runner, so packs waiting to be sent go at start and every few minutes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from psn_desktop.workspace.store import Workspace

log = logging.getLogger(__name__)


def start_background_sending(workspace: Workspace, owner: QObject) -> QObject | None:
    """Start 'send when online' for ``workspace``, living as long as ``owner``; never raises.

    Returns the runner (its ``controller`` is shared with any upload panel shown later), or
    None for a read-only workspace, which cannot record what it sends.
    """
    if workspace.read_only:
        return None
    try:
        from psn_desktop.ui.upload.controller import UploadController
        from psn_desktop.ui.upload.queue_runner import UploadQueueRunner

        controller = UploadController(workspace, owner)
        runner = UploadQueueRunner(controller, owner)
        runner.start()
        return runner
    except Exception:  # sending later must never stop the app from opening a workspace
        log.exception("The 'send when online' queue could not be started")
        return None
