"""The single Qt import point: every UI module imports Qt from here."""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid as is_alive

__all__ = ["QObject", "Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot", "is_alive"]
