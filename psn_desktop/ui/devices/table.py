"""The device table: name, type, system and support status, in words and in colour.

Colour only repeats what the words say (green "Supported until…", red "Not supported
since…", amber "Depends on…"), so nobody needs to tell colours apart; the full explanation
is each status cell's tooltip and accessible description.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from psn_desktop.checks.device_status import DeviceStatus, Level
from psn_desktop.domain.model import Device

# Background and text colours with at least 4.5:1 contrast, per level.
COLOURS = {
    Level.SUPPORTED: ("#e6f4ea", "#0b5a2a"),
    Level.UNSUPPORTED: ("#fbe9e9", "#8a1414"),
    Level.ASK: ("#fff4d6", "#6b4a00"),
    Level.UNKNOWN: ("#eeeeee", "#333333"),
}


class DeviceTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("Device"), self.tr("Type"), self.tr("System"),
                                        self.tr("Support")])
        self.setAccessibleName(self.tr("Devices and their support status"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(True)
        self.setMinimumHeight(220)

    def show_devices(self, rows: list[tuple[Device, DeviceStatus]]) -> None:
        self.setRowCount(len(rows))
        for index, (device, status) in enumerate(rows):
            values = [device.name, self.tr(device.device_type.value.title()),
                      status.system or self.tr("Not recorded"), self.tr(status.text)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column == 3:
                    background, foreground = COLOURS[status.level]
                    item.setBackground(QBrush(QColor(background)))
                    item.setForeground(QBrush(QColor(foreground)))
                    item.setToolTip(status.reason)
                    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, status.reason)
                    item.setData(Qt.ItemDataRole.UserRole, status.level.value)
                self.setItem(index, column, item)
        self.resizeRowsToContents()

    def status_texts(self) -> list[tuple[str, str, str]]:
        """(device, status text, level) per row: what a person (or a test) reads."""
        return [(self.item(r, 0).text(), self.item(r, 3).text(),
                 self.item(r, 3).data(Qt.ItemDataRole.UserRole)) for r in range(self.rowCount())]
