"""The window a double-clicked ``.psnpack`` opens: is this pack intact, and who signed it?

The installer associates ``.psnpack`` files with ``psn-desktop --open-pack FILE``. Whoever
receives a pack (an assessor, a council officer) wants one answer before anything else, so
the app checks the file at once with the same verifier as ``psn-desktop verify``, on the
thread pool with progress and Cancel, and shows the verdict with every problem found.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from psn_desktop.pack.verifier import Verdict, VerifyReport, verify_pack
from psn_desktop.ui.pack.worker import PackTask, start
from psn_desktop.ui.styles import set_role
from psn_desktop.ui.widgets.text import heading, paragraph, secondary_button


class VerifyDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.report: VerifyReport | None = None
        self.problem = ""
        self.setWindowTitle(self.tr("Check an evidence pack – PSN Desktop"))
        self.setObjectName("verify-dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Checking an evidence pack"), 1, self))
        self.file_label = paragraph(str(path), "caption", self)
        self.file_label.setAccessibleName(self.tr("Pack file: {path}").format(path=path))
        layout.addWidget(self.file_label)
        self.stage = paragraph(self.tr("Checking the pack…"), "", self)
        layout.addWidget(self.stage)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Progress of the check"))
        self.bar.setRange(0, 0)
        layout.addWidget(self.bar)
        self.result = paragraph("", "", self)
        self.result.setObjectName("verify-result")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        layout.addWidget(self.result)
        buttons = QHBoxLayout()
        self.cancel_button = secondary_button(self.tr("Cancel the check"), parent=self)
        self.close_button = secondary_button(self.tr("Close"), parent=self)
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.task = PackTask(lambda progress, cancel: verify_pack(
            path, progress=progress, cancel=cancel))
        self.cancel_button.clicked.connect(self.task.cancel)
        self.task.signals.progress.connect(self._progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        self.done_checking = False
        start(self.task)

    def _progress(self, thousandths: int, stage: str) -> None:
        if thousandths >= 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(thousandths)
        if stage:
            self.stage.setText(stage)

    def _end(self, text: str, error: bool) -> None:
        self.done_checking = True
        self.bar.hide()
        self.stage.hide()
        self.cancel_button.hide()
        self.result.setText(text)
        self.result.setAccessibleName(text)
        set_role(self.result, "error" if error else "")
        self.result.show()
        self.close_button.setFocus()

    def _finished(self, report: VerifyReport) -> None:
        self.report = report
        lines = [report.headline()] + [f"• {problem}" for problem in report.problems]
        self._end("\n".join(lines), report.verdict == Verdict.INVALID)

    def _failed(self, message: str) -> None:
        self.problem = message
        self._end(self.tr("The pack could not be checked: {message}").format(message=message),
                  True)

    def _cancelled(self) -> None:
        self._end(self.tr("The check was cancelled. Open the file again to check it."), False)

    def reject(self) -> None:
        self.task.cancel()
        super().reject()
