"""Archive export: box PDFs of a year or quarter (with progress), box labels, open the folder.

Calls ``services.archive.build_archive`` and ``build_labels`` on a worker thread through the
:class:`TaskRunner` (exclusive: the archive run numbers items in the database).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from board_app.domain import labels
from board_app.domain.items import Retention
from board_app.i18n import _
from board_app.services import archive
from board_app.settings import load_settings
from board_app.ui.board import print_support
from board_app.ui.colors import ALERT_STYLE
from board_app.ui.error_text import user_message
from board_app.ui.tasks import Reporter, Task, TaskRunner

if TYPE_CHECKING:
    from board_app.services.context import Services


def default_folder() -> Path:
    """Documents/公开栏归档 (or the home folder)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home()) / _("Board archive")


def remembered_folder() -> Path:
    """The archive folder used last time (when it still exists), else the default one."""
    from board_app.ui import save_dialogs

    remembered = load_settings().last_folders.get(save_dialogs.KIND_ARCHIVE, "")
    return Path(remembered) if remembered and Path(remembered).is_dir() else default_folder()


class ArchiveDialog(QDialog):
    """Year, quarter, retention and box number; build, then open the folder; labels."""

    finished_run = Signal(object)  # ArchiveResult, list of batches, or an exception

    def __init__(
        self,
        services: Services,
        org_id: int | None = None,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner or TaskRunner(self)
        self.task: Task | None = None
        self.last_files: list[Path] = []
        self.setWindowTitle(_("Archive export"))
        self.setMinimumWidth(620)

        today = services.ctx.today()
        self.org = QComboBox()
        for org in services.orgs.all():
            self.org.addItem(org.name, org.id)
        if org_id is not None and self.org.findData(org_id) >= 0:
            self.org.setCurrentIndex(self.org.findData(org_id))
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setValue(today.year)
        self.quarter = QComboBox()
        self.quarter.addItem(_("Whole year"), None)
        for q in (1, 2, 3, 4):
            self.quarter.addItem(_("Quarter {n}").format(n=q), q)
        self.retention = QComboBox()
        self.retention.addItem(_("Every retention period (one box each)"), None)
        for r in Retention:
            self.retention.addItem(labels.retention(r), r.value)
        self.box = QSpinBox()
        self.box.setRange(0, 9999)
        self.box.setSpecialValueText(_("Next free box"))
        self.folder = QLineEdit(str(folder or remembered_folder()))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.spine = QComboBox()
        self.spine.addItem(_("From the page count"), None)
        for width in archive.SPINE_WIDTHS_MM:
            self.spine.addItem(f"{width} mm", width)

        form = QFormLayout()
        form.addRow(_("Organization"), self.org)
        form.addRow(_("Year"), self.year)
        form.addRow(_("Quarter"), self.quarter)
        form.addRow(_("Retention period"), self.retention)
        form.addRow(_("Box number"), self.box)
        form.addRow(_("Folder"), folder_row)
        form.addRow(_("Spine width (labels)"), self.spine)
        self.allow_missing = QCheckBox(
            _("Print characters no font has as boxes (the files are then not PDF/A)")
        )
        form.addRow("", self.allow_missing)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMinimumHeight(140)

        self.build_button = QPushButton(_("Build archive PDFs"))
        self.build_button.setDefault(True)
        self.labels_button = QPushButton(_("Box labels"))
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setEnabled(False)
        self.open_button = QPushButton(_("Open folder"))
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setToolTip(
            _("Print the PDFs just made at 100 % (no fit-to-page), each page on its own paper")
        )
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(lambda: self.print_last())
        self.close_button = QPushButton(_("Close"))
        self.build_button.clicked.connect(lambda: self.start_archive())
        self.labels_button.clicked.connect(lambda: self.start_labels())
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.build_button, self.labels_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.log, 1)
        layout.addLayout(buttons)

    # ----- values ----------------------------------------------------------------------------
    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    def folder_path(self) -> Path:
        return Path(self.folder.text().strip() or str(default_folder()))

    def org_name(self) -> str:
        return self.org.currentText()

    def output_path(self) -> Path:
        """``<folder>/<全宗号>-<year>[-Q<n>][-<retention code>].pdf``."""
        org = self.services.orgs.get(self.org.currentData())
        stem = f"{org.fonds_code or org.name}-{self.year.value()}"
        if self.quarter.currentData():
            stem += f"-Q{self.quarter.currentData()}"
        if self.retention.currentData():
            stem += "-" + Retention(self.retention.currentData()).code
        return self.folder_path() / f"{stem}.pdf"

    def is_running(self) -> bool:
        return self.task is not None

    # ----- running ---------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        for w in (
            self.build_button,
            self.labels_button,
            self.print_button,
            self.close_button,
            self.org,
            self.year,
            self.quarter,
            self.retention,
            self.box,
            self.folder,
            self.spine,
        ):
            w.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the first report

    def _start(self, fn: Any, done: Any, label: str) -> Task | None:
        if self.org.currentData() is None:
            self.status.setText(_("Create an organization first."))
            return None
        self.status.setStyleSheet("")
        self.status.setText(label)
        from board_app.ui import save_dialogs

        save_dialogs.remember_folder(save_dialogs.KIND_ARCHIVE, self.folder_path(), is_folder=True)
        self._set_running(True)
        task = self.runner.run(
            fn,
            on_success=done,
            on_failure=self._failed,
            parent=self,
            exclusive=True,
            show_progress=False,
        )
        if task is None:
            self._set_running(False)
            self.status.setText(_("Another task is running; try again when it has finished."))
            return None
        self.task = task
        task.signals.progress.connect(self._progress)
        task.finished.connect(self._finished)
        return task

    def start_archive(self) -> Task | None:
        """Build the box PDFs of the chosen year/quarter on a worker thread."""
        services, name = self.services, self.org_name()
        year, quarter = self.year.value(), self.quarter.currentData()
        retention = self.retention.currentData()
        box = self.box.value() or None
        allow_missing = self.allow_missing.isChecked()
        out = self.output_path() if self.org.currentData() is not None else Path("x.pdf")

        def work(reporter: Reporter) -> archive.ArchiveResult:
            def progress(done: int, total: int) -> None:
                reporter.progress(
                    done,
                    total,
                    _("{done} of {total} items laid out").format(done=done, total=total),
                )

            return archive.build_archive(
                services,
                name,
                year,
                quarter=quarter,
                retention=retention,
                box=box,
                out=out,
                progress=progress,
                allow_missing_glyphs=allow_missing,
            )

        return self._start(work, self._archive_done, _("Building the archive PDFs…"))

    def start_labels(self) -> Task | None:
        """Spine and cover labels for the boxes recorded for the year."""
        services, name, year = self.services, self.org_name(), self.year.value()
        spine = self.spine.currentData()
        org = self.services.orgs.get(self.org.currentData()) if self.org.currentData() else None
        out = (
            self.folder_path() / f"{(org.fonds_code or org.name) if org else 'x'}-{year}-labels.pdf"
        )

        def work(_reporter: Reporter) -> tuple[Path, list[Any]]:
            return out, archive.build_labels(services, name, year, out, spine=spine)

        return self._start(work, self._labels_done, _("Writing the box labels…"))

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if text:
            self.status.setText(text)

    def _archive_done(self, result: archive.ArchiveResult) -> None:
        self.last_files = []
        if result.missing_glyphs:
            self.log.appendPlainText(
                _(
                    "Warning: no font can print these characters; they show as boxes and the "
                    "files do not claim PDF/A:"
                )
            )
            for line in archive.glyph_lines(result.missing_glyphs):
                self.log.appendPlainText("  " + line)
        for f in result.files:
            self.last_files += [f.pdf, f.manifest]
            self.log.appendPlainText(
                _(
                    "{path}: {retention}, box {box}, items {first}–{last} ({count}), {pages} pages"
                ).format(
                    path=f.pdf.name,
                    retention=labels.retention(f.retention),
                    box=f.box,
                    first=f"{f.first_seq:04d}",
                    last=f"{f.last_seq:04d}",
                    count=f.item_count,
                    pages=f.page_count,
                )
            )
        self.status.setText(
            _("Done: {count} box file(s) in {folder}").format(
                count=len(result.files), folder=self.folder_path()
            )
        )
        self.finished_run.emit(result)

    def _labels_done(self, value: tuple[Path, list[Any]]) -> None:
        path, batches = value
        self.last_files = [path]
        self.log.appendPlainText(
            _("Wrote labels for {count} box(es) to {path}").format(count=len(batches), path=path)
        )
        self.status.setText(_("Labels written: print them on A4 and cut along the marks."))
        self.finished_run.emit(batches)

    def _failed(self, exc: BaseException) -> None:
        self.status.setStyleSheet(ALERT_STYLE)
        self.status.setText(user_message(exc))
        self.finished_run.emit(exc)

    def printable_files(self) -> list[Path]:
        """The PDFs made by the last run (box files or labels), in order."""
        return [p for p in self.last_files if p.suffix.lower() == ".pdf" and p.exists()]

    def print_last(self, printer: Any = None) -> int:
        """Print the last run's PDFs at 100 % (the print dialog unless ``printer`` is given)."""
        documents = [
            doc
            for doc in (print_support.load_document(str(p), self) for p in self.printable_files())
            if doc is not None
        ]
        if not documents:
            self.status.setText(_("Nothing to print yet: build the archive or the labels first."))
            return 0
        try:
            if printer is None:
                pages = print_support.print_files_with_dialog(documents, self, _("Print archive"))
            else:
                pages = print_support.print_files(documents, printer)
        finally:
            for doc in documents:
                doc.deleteLater()
        if pages:
            self.status.setText(_("Sent {pages} pages to the printer.").format(pages=pages))
        return pages

    def _finished(self) -> None:
        cancelled = self.task is not None and self.task.reporter.cancelled
        self.task = None
        self._set_running(False)
        self.print_button.setEnabled(bool(self.printable_files()))
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
            self.progress.setValue(1 if not cancelled else 0)
        if cancelled:
            self.status.setText(_("Cancelled."))
            self.finished_run.emit(None)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText(_("Cancelling…"))

    def open_folder(self) -> bool:
        folder = self.folder_path()
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reject(self) -> None:
        if self.is_running():
            return  # wait (or cancel) first
        super().reject()
