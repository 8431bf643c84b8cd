"""File ▸ Import and File ▸ Export of the JSON interchange format.

Import checks the file first (a dry run off the UI thread); a refused file opens a report
listing every problem; otherwise a summary asks for confirmation and the real import runs
with a progress dialog. Export asks for organization, year and file, then runs the same way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from board_app.errors import ValidationError
from board_app.i18n import N_, _
from board_app.ui import save_dialogs
from board_app.ui.buttons import ok_cancel_buttons
from board_app.ui.dialogs.common import ProblemReportDialog, show_error
from board_app.ui.dialogs.settings_dialog import _PathEdit
from board_app.ui.office.hooks import IMPORT_FILTER
from board_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from board_app.services.context import Services

JSON_FILTER = N_("Board items (*.json);;All files (*)")


def import_summary(report: Any) -> str:
    """What a (dry-run) import report says, as lines for a message box."""
    lines = [_("Organization: {name}").format(name=report.organization)]
    if report.organization_created:
        lines.append(_("The organization will be created."))
    if report.categories_created:
        lines.append(
            _("New categories: {names}").format(names="、".join(report.categories_created))
        )
    lines.append(_("Items to add: {count}").format(count=len(report.added)))
    lines.append(_("Items already present (skipped): {count}").format(count=len(report.skipped)))
    if report.warnings:
        lines.append(_("Warnings:"))
        lines.extend(f"  · {w}" for w in report.warnings[:20])
        if len(report.warnings) > 20:
            lines.append(_("… and {count} more").format(count=len(report.warnings) - 20))
    return "\n".join(lines)


class ImportFlow(QObject):
    """Check, confirm, import; ``finished(report)`` after a real import."""

    finished = Signal(object)

    def __init__(self, parent: QWidget, services: Services, runner: TaskRunner) -> None:
        super().__init__(parent)
        self.window = parent
        self.services = services
        self.runner = runner
        self.path: Path | None = None
        self.report_dialog: ProblemReportDialog | None = None

    def choose_file(self) -> Path | None:
        path, _sel = QFileDialog.getOpenFileName(
            self.window,
            _("Import items"),
            "",
            _(IMPORT_FILTER),  # JSON or a workbook
        )
        return Path(path) if path else None

    def start(self, path: Path | None = None) -> None:
        path = path or self.choose_file()
        if path is None:
            return
        chosen = self.path = Path(path)
        services = self.services
        self.runner.run(
            lambda r: services.interchange.import_file(chosen, dry_run=True, progress=r.progress),
            on_success=self._checked,
            on_failure=self._failed,
            parent=self.window,
            label=_("Checking {file}…").format(file=self.path.name),
        )

    def ask_confirm(self, report: Any) -> bool:
        answer = QMessageBox.question(
            self.window,
            _("Import items"),
            import_summary(report) + "\n\n" + _("Import now?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _checked(self, report: Any) -> None:
        if not self.ask_confirm(report):
            return
        services, chosen = self.services, self.path
        assert chosen is not None  # checked by ``start`` first
        self.runner.run(
            lambda r: services.interchange.import_file(chosen, progress=r.progress),
            on_success=self._done,
            on_failure=self._failed,
            parent=self.window,
            label=_("Importing {file}…").format(file=self.path.name if self.path else ""),
        )

    def _done(self, report: Any) -> None:
        self.finished.emit(report)
        QMessageBox.information(
            self.window,
            _("Import items"),
            _("Imported {added} item(s) into {name}; {skipped} were already present.").format(
                added=len(report.added), name=report.organization, skipped=len(report.skipped)
            ),
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            problems = exc.problems or [str(exc)]
            self.report_dialog = ProblemReportDialog(
                _("File refused"),
                _("{file} was refused; nothing was imported.").format(
                    file=self.path.name if self.path else ""
                ),
                problems,
                self.window,
            )
            self.report_dialog.open()
            return
        show_error(self.window, exc, _("Import items"))


class ExportDialog(QDialog):
    """Organization, year and file of an export."""

    def __init__(
        self, services: Services, org_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export items"))
        self.setMinimumWidth(520)
        self.org = QComboBox()
        for org in services.orgs.all():
            self.org.addItem(org.name, org.id)
        if org_id is not None:
            self.org.setCurrentIndex(max(0, self.org.findData(org_id)))
        self.year = QComboBox()
        self.year.addItem(_("All years"), None)
        this_year = date.today().year
        for y in range(this_year, this_year - 10, -1):
            self.year.addItem(str(y), y)
        self.file = _PathEdit("", self._pick)
        self.org.currentIndexChanged.connect(self._suggest_file)
        self.year.currentIndexChanged.connect(self._suggest_file)
        self._suggested = ""
        self._suggest_file()
        form = QFormLayout()
        form.addRow(_("Organization:"), self.org)
        form.addRow(_("Year:"), self.year)
        form.addRow(_("File:"), self.file)
        buttons = ok_cancel_buttons(self, on_ok=self._ok, ok_text=_("Export"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _suggest_file(self, *_a: object) -> None:
        """东风村党支部公开事项-2026.json in the folder last used for exports (else Documents),
        unless the user typed another file."""
        if self.file.text() and self.file.text() != self._suggested:
            return
        name = save_dialogs.export_file_name(self.org.currentText(), self.year.currentData())
        self._suggested = str(save_dialogs.last_folder(save_dialogs.KIND_EXPORT) / name)
        self.file.edit.setText(self._suggested)

    def _pick(self, current: str) -> str:
        path, _sel = QFileDialog.getSaveFileName(self, _("Export items"), current, _(JSON_FILTER))
        return path

    def accept(self) -> None:
        save_dialogs.remember_folder(save_dialogs.KIND_EXPORT, Path(self.file.text()))
        super().accept()

    def _ok(self) -> None:
        if self.org.count() == 0 or not self.file.text():
            QMessageBox.warning(self, self.windowTitle(), _("Choose an organization and a file."))
            return
        self.accept()

    def values(self) -> tuple[str, int | None, Path]:
        return self.org.currentText(), self.year.currentData(), Path(self.file.text())


def run_export(
    parent: QWidget,
    services: Services,
    runner: TaskRunner,
    org_name: str,
    year: int | None,
    out: Path,
    on_done: Any = None,
) -> None:
    """Export off the UI thread with a progress dialog; a message when done."""

    def done(report: Any) -> None:
        if on_done is not None:
            on_done(report)
        QMessageBox.information(
            parent,
            _("Export items"),
            _("Exported {count} item(s) to {path}.").format(count=report.items, path=report.path),
        )

    runner.run(
        lambda r: services.interchange.export_file(org_name, out, year=year, progress=r.progress),
        on_success=done,
        on_failure=lambda exc: show_error(parent, exc, _("Export items")),
        parent=parent,
        label=_("Exporting {name}…").format(name=org_name),
    )
