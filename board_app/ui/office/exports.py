"""Exports to the office's formats: 导出为 Word (editor), 导出为 Excel (item list) and
导出统计表 (calendar). Each asks for a file, then runs the service off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from board_app.i18n import N_, _
from board_app.ui.buttons import ok_cancel_buttons
from board_app.ui.dialogs.common import show_error
from board_app.ui.dialogs.settings_dialog import _PathEdit
from board_app.ui.stored import stored_id

if TYPE_CHECKING:
    from board_app.services.context import Services
    from board_app.ui.calendar_view import CalendarView
    from board_app.ui.editor.item_editor import ItemEditor
    from board_app.ui.main_window import MainWindow
    from board_app.ui.tasks import TaskRunner

WORD_FILTER = N_("Word documents (*.docx)")
EXCEL_FILTER = N_("Excel workbooks (*.xlsx)")
#: File ▸ Import… accepts workbooks beside JSON.
IMPORT_FILTER = N_("Board items (*.json *.xlsx *.xls *.ods *.csv);;All files (*)")


def _safe_name(text: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip() or "board"


class FileDialog(QDialog):
    """A file name plus optional rows (organization, year, internal version)."""

    def __init__(
        self, title: str, default: Path, file_filter: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.file_filter = file_filter
        self.file = _PathEdit(str(default), self._pick)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.form.addRow(_("File:"), self.file)
        layout.addWidget(ok_cancel_buttons(self, on_ok=self._ok, ok_text=_("Export")))

    def _pick(self, current: str) -> str:
        path, _sel = QFileDialog.getSaveFileName(
            self, self.windowTitle(), current, _(self.file_filter)
        )
        return path

    def _ok(self) -> None:
        if not self.file.text().strip():
            QMessageBox.warning(self, self.windowTitle(), _("Choose a file."))
            return
        self.accept()

    def path(self) -> Path:
        return Path(self.file.text().strip())


def _run(parent: QWidget, runner: TaskRunner, work: Any, done_text: str, title: str) -> None:
    def done(_result: Any) -> None:
        QMessageBox.information(parent, title, done_text)

    runner.run(
        work,
        on_success=done,
        on_failure=lambda exc: show_error(parent, exc, title),
        parent=parent,
        label=title,
    )


# ----- the editor: 导出为 Word --------------------------------------------------------------------
class NoticeDialog(FileDialog):
    """File name and whether the internal (unmasked) version is wanted."""

    def __init__(self, default: Path, parent: QWidget | None = None) -> None:
        super().__init__(_("Export as Word"), default, WORD_FILTER, parent)
        self.internal = QCheckBox(_("Internal version: do not mask personal numbers"))
        self.internal.setToolTip(_("For the archive only; never post it."))
        self.form.addRow("", self.internal)


def notice_button(editor: ItemEditor) -> QPushButton:
    """The editor's 导出为 Word… button (a hook in the item form)."""
    button = QPushButton(_("Export as Word…"), editor)
    button.setToolTip(_("The item as a Word notice (公告), masked as on a public board."))
    button.clicked.connect(lambda _c=False: export_notice(editor))
    return button


def export_notice(
    editor: ItemEditor, *, path: Path | None = None, internal: bool = False
) -> Path | None:
    """Write the editor's item (with unsaved edits) as .docx; asks for the file unless given."""
    if editor.item() is None:
        return None
    item = editor.current_item()
    if path is None:
        dialog = NoticeDialog(Path.home() / f"{_safe_name(item.title)}.docx", editor)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        path, internal = dialog.path(), dialog.internal.isChecked()
    try:
        written = editor.services.office.write_notice(
            stored_id(item), path, internal=internal, item=item
        )
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
        show_error(editor, exc, _("Export as Word"))
        return None
    QMessageBox.information(
        editor, _("Export as Word"), _("Notice written to {path}").format(path=written)
    )
    return written


# ----- the item list: 导出为 Excel ----------------------------------------------------------------
class ExcelExportDialog(FileDialog):
    """Organization, year and file of an Excel export."""

    def __init__(
        self, services: Services, org_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Export as Excel"), Path.home() / "公开事项.xlsx", EXCEL_FILTER, parent)
        self.org = QComboBox()
        for org in services.orgs.all():
            self.org.addItem(org.name, org.id)
        if org_id is not None:
            self.org.setCurrentIndex(max(0, self.org.findData(org_id)))
        self.year = QComboBox()
        self.year.addItem(_("All years"), None)
        this_year = services.ctx.today().year
        for y in range(this_year, this_year - 10, -1):
            self.year.addItem(str(y), y)
        self.form.insertRow(0, _("Organization:"), self.org)
        self.form.insertRow(1, _("Year:"), self.year)


def export_items_xlsx(window: MainWindow, *, path: Path | None = None) -> None:
    """File ▸ 导出为 Excel…: the chosen organization's items as a workbook."""
    services = window.services
    if path is None:
        dialog = ExcelExportDialog(services, window.items_page.current_org_id(), window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.org.count() == 0:
            return
        org, year, path = dialog.org.currentText(), dialog.year.currentData(), dialog.path()
    else:
        org_id = window.items_page.current_org_id()
        orgs = services.orgs.all()
        org = next((o.name for o in orgs if o.id == org_id), orgs[0].name if orgs else "")
        year = None
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    target = path
    _run(
        window,
        window.runner,
        lambda r: services.office.export_items(org, target, year=year, progress=r.progress),
        _("Exported to {path}.").format(path=target),
        _("Export as Excel"),
    )


# ----- the calendar: 导出统计表 -------------------------------------------------------------------
class ReportDialog(FileDialog):
    """Year and file of the 公开情况统计表."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Export statistics"),
            Path.home() / f"公开情况统计表{today.year}.xlsx",
            EXCEL_FILTER,
            parent,
        )
        self.year = QSpinBox()
        self.year.setRange(2000, today.year)
        self.year.setValue(today.year)
        self.form.insertRow(0, _("Year:"), self.year)


def report_button(calendar: CalendarView) -> QPushButton:
    """The calendar's 导出统计表… button (a hook in the calendar view)."""
    button = QPushButton(_("Export statistics…"), calendar)
    button.setToolTip(
        _(
            "Per organization, category and period: due, on time, late, missing "
            "(.xlsx for the township)."
        )
    )
    button.clicked.connect(lambda _c=False: export_report(calendar))
    return button


def export_report(
    calendar: CalendarView, *, year: int | None = None, path: Path | None = None
) -> None:
    """Write the statistics of a year (asks for year and file unless given)."""
    today = calendar.today()
    if path is None or year is None:
        dialog = ReportDialog(today, calendar)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        year, path = dialog.year.value(), dialog.path()
    services = calendar.services
    try:
        services.office.write_report(year, path, on=today)
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
        show_error(calendar, exc, _("Export statistics"))
        return
    QMessageBox.information(
        calendar, _("Export statistics"), _("Exported to {path}.").format(path=path)
    )
