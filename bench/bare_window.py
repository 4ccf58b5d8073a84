"""The benchmark's baseline: the smallest PySide6 program with a window, frozen by the same
spec as the app (``--bare``), so start-up and size compare like with like."""

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.setCentralWidget(QLabel("A bare PySide6 window"))
    window.resize(800, 600)
    window.show()
    sys.exit(app.exec())
