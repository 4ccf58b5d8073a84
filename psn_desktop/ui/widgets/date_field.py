"""A date typed as text, the British way round: '27/3/2026' or '27 March 2026'.

Faster by keyboard than a calendar pop-up and readable at 200% text. The text is kept as
typed; the page decides what to do with a date that cannot be read (keep it as a draft and
say why), so nothing typed is lost.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from psn_desktop.domain.date_entry import EXAMPLE, format_date
from psn_desktop.ui.widgets.fields import MEDIUM, TextField


class DateField(TextField):
    def __init__(self, name: str, label: str, hint: str = "",
                 parent: QWidget | None = None) -> None:
        example = self.tr("For example {example}.").format(example=EXAMPLE)
        super().__init__(name, label, f"{hint} {example}".strip(), MEDIUM, parent)

    def text(self) -> str:
        return self.line.text().strip()

    def set_date(self, day: date | None, draft: str | None = None) -> None:
        """Show a stored date, or the unreadable text kept from last time."""
        self.line.setText(draft if draft else format_date(day))
