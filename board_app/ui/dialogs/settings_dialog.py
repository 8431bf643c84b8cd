"""Settings: database file, language, operator, fonts, display days, backups and restore.

Language, operator, fonts and the backup folder belong to this computer (MachineSettings);
the default display days belong to the open database. Switching or restoring the database is
asked of the main window (``requested_database`` / ``requested_restore``), which owns it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import BoardAppError
from board_app.i18n import N_, _
from board_app.services import backups_service, font_faces
from board_app.settings import MachineSettings
from board_app.ui.buttons import ok_cancel_buttons
from board_app.ui.dialogs.common import show_error

if TYPE_CHECKING:
    from board_app.services.context import Services

FONT_ROLES = [
    ("sans", N_("Body text (sans):")),
    ("sans_bold", N_("Bold text:")),
    ("serif", N_("Song (serif):")),
    ("kai", N_("Kai:")),
    ("fangsong", N_("FangSong:")),
    ("title", N_("Board title:")),
]
DB_FILTER = N_("Board databases (*.sqlite3 *.db);;All files (*)")


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class _PathEdit(QWidget):
    """A line edit with a Browse button (file or folder)."""

    def __init__(self, text: str, pick: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(text)
        self.edit.setClearButtonEnabled(True)
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(lambda: self._browse(pick))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)

    def _browse(self, pick: Any) -> None:
        chosen = pick(self.edit.text())
        if chosen:
            self.edit.setText(chosen)

    def text(self) -> str:
        return self.edit.text().strip()


class SettingsDialog(QDialog):
    """Per-machine and per-database settings in tabs."""

    def __init__(
        self, services: Services, settings: MachineSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.requested_database: tuple[Path, bool] | None = None  # (path, create new)
        self.requested_restore: Path | None = None
        self.setWindowTitle(_("Settings"))
        self.resize(680, 520)
        tabs = QTabWidget()
        tabs.addTab(self._general_tab(), _("General"))
        tabs.addTab(self._database_tab(), _("Database"))
        tabs.addTab(self._fonts_tab(), _("Fonts"))
        tabs.addTab(self._backup_tab(), _("Backups"))
        self.tabs = tabs
        from board_app.ui.sync.server_settings import settings_hook  # the township server

        self.server_tab = settings_hook(self)
        buttons = ok_cancel_buttons(self, on_ok=self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    # ----- tabs -----------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language = QComboBox()
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(self.settings.language)))
        note = QLabel(_("A new language applies when the program is started again."))
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        self.operator = QLineEdit(self.settings.operator)
        self.operator.setPlaceholderText(_("Your name, recorded in the change log"))
        form.addRow(_("Language:"), self.language)
        form.addRow("", note)
        form.addRow(_("Operator:"), self.operator)
        return page

    def _database_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        box = QGroupBox(_("Database") if self.services.is_server else _("Database file"))
        inner = QVBoxLayout(box)
        self.db_label = QLabel(self.services.location)
        self.db_label.setWordWrap(True)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.db_label)
        row = QHBoxLayout()
        open_other = QPushButton(_("Open another database…"))
        create_new = QPushButton(_("Create a new database…"))
        open_other.clicked.connect(self.open_other)
        create_new.clicked.connect(self.create_new)
        row.addWidget(open_other)
        row.addWidget(create_new)
        row.addStretch(1)
        inner.addLayout(row)
        layout.addWidget(box)
        stored = QGroupBox(_("Stored in this database"))
        form = QFormLayout(stored)
        self.display_days = QSpinBox()
        self.display_days.setRange(1, 3650)
        self.display_days.setSuffix(_(" days"))
        self.display_days.setValue(self.services.orgs.default_display_days())
        form.addRow(_("Default display days for new organizations:"), self.display_days)
        layout.addWidget(stored)
        layout.addStretch(1)
        return page

    def _fonts_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        note = QLabel(
            _(
                "Optional: the face used first for each role on boards and PDFs, chosen by name "
                "from the bundled fonts and the Chinese fonts installed on this computer. "
                "“Bundled default” uses the program's own fonts."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        faces = font_faces.available_faces()
        self.font_boxes: dict[str, QComboBox] = {}
        for role, label in FONT_ROLES:
            box = self._face_box(faces, self.settings.fonts.get(role, ""))
            self.font_boxes[role] = box
            form.addRow(_(label), box)
        return page

    @staticmethod
    def _face_box(faces: list[font_faces.FontFace], current: str) -> QComboBox:
        """Faces by name (the file in the tooltip); the stored value is the face's file."""
        box = QComboBox()
        box.addItem(_("Bundled default"), "")
        for face in faces:
            where = _("bundled") if face.bundled else face.path.parent.name
            box.addItem(f"{face.name}  ·  {where}", face.value)
            box.setItemData(box.count() - 1, face.value, Qt.ItemDataRole.ToolTipRole)
        if current and box.findData(current) < 0:  # chosen earlier, not found now
            box.addItem(_("{file} (not found)").format(file=Path(current).name), current)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.setMaxVisibleItems(20)
        return box

    def _backup_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.backup_dir = _PathEdit(self.settings.backup_dir, self._pick_folder)
        self.backup_dir.edit.setPlaceholderText(_("Optional: an extra copy, e.g. on a USB drive"))
        form.addRow(_("Extra backup folder:"), self.backup_dir)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Backups of this database (newest first):")))
        self.backup_list = QListWidget()
        layout.addWidget(self.backup_list, 1)
        row = QHBoxLayout()
        self.restore_button = QPushButton(_("Restore the selected backup…"))
        self.restore_button.clicked.connect(self.restore_selected)
        restore_file = QPushButton(_("Restore from a file…"))
        restore_file.clicked.connect(self.restore_file)
        row.addWidget(self.restore_button)
        row.addWidget(restore_file)
        row.addStretch(1)
        layout.addLayout(row)
        self.fill_backups()
        return page

    def fill_backups(self) -> None:
        self.backup_list.clear()
        hint = self.services.server_backup_hint()
        if hint is not None:  # a server database has no backup files here
            self.backup_list.addItem(hint)
            self.restore_button.setEnabled(False)
            return
        for info in backups_service.list_backups(self.services.path, self.settings.backup_dir):
            when = info.made.strftime("%Y-%m-%d %H:%M") if info.made else "?"
            kind = _(" (safety copy)") if info.safety else ""
            item = QListWidgetItem(f"{when}{kind}   {_size_text(info.size)}   {info.path}")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.backup_list.addItem(item)
        if self.backup_list.count() == 0:
            self.backup_list.addItem(_("No backups yet."))
        self.restore_button.setEnabled(bool(backups_service.list_backups(self.services.path)))

    # ----- pickers --------------------------------------------------------------------------
    def _pick_folder(self, current: str) -> str:
        return QFileDialog.getExistingDirectory(self, _("Choose a folder"), current)

    def open_other(self) -> None:
        path, _sel = QFileDialog.getOpenFileName(
            self, _("Open database"), str(self.services.folder), _(DB_FILTER)
        )
        if path:
            self.requested_database = (Path(path), False)
            self.save()

    def create_new(self) -> None:
        path, _sel = QFileDialog.getSaveFileName(
            self,
            _("New database"),
            str(self.services.folder / "board.sqlite3"),
            _(DB_FILTER),
        )
        if path:
            self.requested_database = (Path(path), True)
            self.save()

    def _confirm_restore(self, source: Path) -> None:
        answer = QMessageBox.question(
            self,
            _("Restore from backup"),
            _(
                "Replace the database with the backup {path}? The current database is kept as a "
                "safety copy in the backups folder."
            ).format(path=source),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.requested_restore = source
            self.save()

    def restore_selected(self) -> None:
        item = self.backup_list.currentItem()
        if item is None or not item.data(Qt.ItemDataRole.UserRole):
            QMessageBox.information(self, _("Restore from backup"), _("Select a backup first."))
            return
        self._confirm_restore(Path(item.data(Qt.ItemDataRole.UserRole)))

    def restore_file(self) -> None:
        path, _sel = QFileDialog.getOpenFileName(
            self, _("Restore from a file"), self.settings.backup_dir or "", _(DB_FILTER)
        )
        if path:
            self._confirm_restore(Path(path))

    # ----- saving ---------------------------------------------------------------------------
    def apply_to(self, settings: MachineSettings) -> None:
        """Copy the per-machine fields into ``settings``."""
        settings.language = self.language.currentData()
        settings.operator = self.operator.text().strip()
        settings.fonts = {
            role: box.currentData() for role, box in self.font_boxes.items() if box.currentData()
        }
        settings.backup_dir = self.backup_dir.text()
        self.server_tab.apply_to(settings)

    def save(self) -> None:
        try:
            self.server_tab.check()
            if self.display_days.value() != self.services.orgs.default_display_days():
                self.services.orgs.set_default_display_days(self.display_days.value())
        except BoardAppError as exc:
            show_error(self, exc)
            return
        self.apply_to(self.settings)
        self.accept()
