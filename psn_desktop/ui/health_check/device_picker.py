"""Which of the workspace's devices a finding affects: a list to tick, by mouse or keyboard
(arrow keys move, Space ticks)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from psn_desktop.domain.model import Device
from psn_desktop.ui.widgets.fields import Field


class DevicesField(Field):
    def __init__(self, name: str, label: str, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(name, label, hint, parent)
        self.list = QListWidget(self)
        rows = self.list.fontMetrics().lineSpacing() + 10
        self.list.setMinimumHeight(rows * 3)
        self.list.setMaximumHeight(rows * 8)
        self.list.itemChanged.connect(lambda _item: self.edited.emit())
        self._add_input(self.list)

    def set_devices(self, devices: list[Device], chosen: list[int]) -> None:
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for device in sorted(devices, key=lambda d: d.name.casefold()):
                item = QListWidgetItem(device.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if device.id in chosen
                                   else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, device.id)
                self.list.addItem(item)
            if self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self.list.blockSignals(False)
        self.list.setVisible(bool(devices))
        if self.hint is not None:
            self.hint.setText(self.hint_text if devices else self.tr(
                "Your device list is empty: add devices in the “Devices and software” section "
                "to link findings to them."))

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() is Qt.CheckState.Checked]

    def set_chosen(self, ids: list[int]) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in ids else Qt.CheckState.Unchecked)
