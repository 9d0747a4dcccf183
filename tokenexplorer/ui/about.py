"""The About dialog: name, icon, version, the licences of the bundled components, links.

Versions are read at run time from the installed packages' metadata (the frozen bundle
carries that metadata too), so the dialog never goes stale. Licence texts are linked, not
copied: the packaged app ships each component's own licence file in its dist-info folder.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata

from tokenexplorer import APP_NAME, __version__
from tokenexplorer.ui import plain, theme
from tokenexplorer.ui.app_identity import app_icon
from tokenexplorer.ui.palette_follow import follow_palette
from tokenexplorer.ui.qt import Qt, QtCore, QtGui, QtWidgets

DESCRIPTION = "Explore AWS Cognito user-pool tokens: decode, explain, verify, sign in, use them."
APP_LICENCE = "MIT"
LINKS = (
    ("Amazon Cognito tokens", "https://docs.aws.amazon.com/cognito/latest/developerguide/"
     "amazon-cognito-user-pools-using-tokens-with-identity-providers.html"),
    ("JSON Web Token (RFC 7519)", "https://www.rfc-editor.org/rfc/rfc7519"),
    ("Qt for Python", "https://doc.qt.io/qtforpython-6/"),
)


@dataclass(frozen=True)
class Component:
    """A third-party part the app is built on and ships in its bundle."""

    name: str  # as people know it
    distribution: str  # the package whose metadata holds its version
    licence: str
    url: str


COMPONENTS = (
    Component("Qt / PySide6", "PySide6-Essentials", "LGPL-3.0-only", "https://www.qt.io/licensing/"),
    Component("Shiboken6", "shiboken6", "LGPL-3.0-only", "https://doc.qt.io/qtforpython-6/"),
    Component("boto3", "boto3", "Apache-2.0", "https://github.com/boto/boto3"),
    Component("botocore", "botocore", "Apache-2.0", "https://github.com/boto/botocore"),
    Component("s3transfer", "s3transfer", "Apache-2.0", "https://github.com/boto/s3transfer"),
    Component("PyJWT", "PyJWT", "MIT", "https://github.com/jpadilla/pyjwt"),
    Component("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause",
              "https://github.com/pyca/cryptography"),
    Component("keyring", "keyring", "MIT", "https://github.com/jaraco/keyring"),
    Component("SecretStorage", "SecretStorage", "BSD-3-Clause",
              "https://github.com/mitya57/secretstorage"),
    Component("jeepney", "jeepney", "MIT", "https://gitlab.com/takluyver/jeepney"),
    Component("ministack (sandbox engine)", "ministack", "MIT",
              "https://github.com/ministackorg/ministack"),
    Component("Hypercorn", "hypercorn", "MIT", "https://github.com/pgjones/hypercorn"),
    Component("requests", "requests", "Apache-2.0", "https://github.com/psf/requests"),
    Component("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("segno (QR codes)", "segno", "BSD-3-Clause", "https://github.com/heuer/segno"),
    Component("Python", "", "PSF-2.0", "https://docs.python.org/3/license.html"),
)


def component_version(component: Component) -> str:
    """The installed version, or "not installed" (a platform may lack one, e.g. jeepney)."""
    if not component.distribution:
        return platform.python_version()
    try:
        return metadata.version(component.distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def version_details() -> str:
    """Plain text for bug reports: versions only, nothing about the user's tokens or pools."""
    frozen = "packaged app" if getattr(sys, "frozen", False) else "from Python"
    lines = [
        f"{APP_NAME} {__version__} ({frozen})",
        f"Qt {QtCore.qVersion()}, {platform.platform()}",
    ]
    lines += [f"{c.name}: {component_version(c)} ({c.licence})" for c in COMPONENTS]
    return "\n".join(lines)


class AboutDialog(QtWidgets.QDialog):
    """Modal About box; Enter on a component opens its project page."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAccessibleName(f"About {APP_NAME}")
        self.setMinimumSize(560, 520)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self._links())
        caption = plain.label("Bundled components and their licences:")
        layout.addWidget(caption)
        self.components = self._component_list()
        caption.setBuddy(self.components)
        layout.addWidget(self.components, stretch=1)
        layout.addWidget(self._buttons())

    def _header(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        icon = plain.label()
        icon.setAccessibleName("Token Explorer icon")
        icon.setPixmap(app_icon().pixmap(QtCore.QSize(72, 72)))
        icon.setFixedSize(80, 80)
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(icon, alignment=Qt.AlignmentFlag.AlignTop)
        text = QtWidgets.QVBoxLayout()
        title = plain.label(APP_NAME)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName("Application name")
        version = plain.label(f"Version {__version__}")
        version.setAccessibleName("Version")
        version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        description = plain.label(f"{DESCRIPTION}\nLicensed under the {APP_LICENCE} licence.")
        description.setWordWrap(True)
        description.setAccessibleName("Description")
        for widget in (title, version, description):
            text.addWidget(widget)
        text.addStretch(1)
        row.addLayout(text, stretch=1)
        return row

    def _links(self) -> QtWidgets.QLabel:
        links = QtWidgets.QLabel()

        def write() -> None:  # rich text fixes its link colour when set: again on a switch
            colour = theme.link_colour(links.palette()).name()
            links.setText(" · ".join(f'<a href="{url}" style="color: {colour}">{label}</a>'
                                     for label, url in LINKS))

        follow_palette(links, write)
        links.setWordWrap(True)
        links.setOpenExternalLinks(True)
        links.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        links.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches the links
        links.setAccessibleName("Links")
        return links

    def _component_list(self) -> QtWidgets.QTreeWidget:
        tree = QtWidgets.QTreeWidget()
        tree.setAccessibleName("Bundled components")
        tree.setAccessibleDescription("Name, version and licence; Enter opens the project page")
        tree.setHeaderLabels(["Component", "Version", "Licence"])
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        for component in COMPONENTS:
            item = QtWidgets.QTreeWidgetItem(
                [component.name, component_version(component), component.licence]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, component.url)
            item.setToolTip(0, component.url)
            tree.addTopLevelItem(item)
        for column in range(3):
            tree.resizeColumnToContents(column)
        first = tree.topLevelItem(0)
        if first is not None:
            tree.setCurrentItem(first)
        tree.itemActivated.connect(self._open_component_page)
        return tree

    def _buttons(self) -> QtWidgets.QDialogButtonBox:
        box = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        box.button(QtWidgets.QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        action = QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        copy = box.addButton("&Copy version details", action)
        copy.setAccessibleName("Copy version details")
        copy.clicked.connect(self.copy_version_details)
        about_qt = box.addButton("About &Qt", action)
        about_qt.setAccessibleName("About Qt")
        about_qt.clicked.connect(lambda: QtWidgets.QMessageBox.aboutQt(self, "About Qt"))
        box.rejected.connect(self.reject)
        return box

    def copy_version_details(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(version_details())

    def _open_component_page(self, item: QtWidgets.QTreeWidgetItem, _column: int) -> None:
        url = item.data(0, Qt.ItemDataRole.UserRole)
        if url:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl(url))


def show_about_dialog(parent: QtWidgets.QWidget | None = None) -> AboutDialog:
    """Open the About dialog (modal to `parent`) and return it."""
    dialog = AboutDialog(parent)
    dialog.setModal(True)
    dialog.show()
    return dialog
