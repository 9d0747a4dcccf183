"""The single Qt import point: every UI module imports Qt from here."""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, Qt, Signal, Slot

__all__ = ["QObject", "Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot"]
