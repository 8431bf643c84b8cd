"""Run a service call off the UI thread, with progress, cancel and callbacks on the UI thread.

Shaped like Anki's ``CollectionOp``: the worker function gets a :class:`Reporter` and returns a
result; ``on_success(result)`` or ``on_failure(exc)`` then runs on the UI thread. The worker
never touches widgets; it only calls ``reporter.progress(done, total)``, which raises
:class:`Cancelled` once the user pressed Cancel.

The services share one SQLite connection (opened with ``check_same_thread=False``). An
*exclusive* task is the only user of the database while it runs: the runner refuses a second
one, shows a window-modal progress dialog, and emits ``busy_changed(True)`` so the window
disables every action that reads or writes the database until it is done.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from board_app.i18n import _

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The user cancelled the task."""


class Reporter:
    """Handed to the worker function: report progress, notice a cancel."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report ``done`` of ``total`` steps (a service ``progress`` callback fits here)."""
        self.check()
        self._emit(int(done), int(total), text)


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object, object)  # (result, exception)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Reporter], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = signals
        self.reporter = Reporter(self.signals.progress.emit)

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(self.reporter)
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread
            self.signals.done.emit(None, exc)
        else:
            self.signals.done.emit(result, None)


class Task(QObject):
    """One running task; kept alive by the runner until its callbacks ran."""

    finished = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        fn: Callable[[Reporter], Any],
        *,
        on_success: Callable[[Any], object] | None,
        on_failure: Callable[[BaseException], object] | None,
        exclusive: bool,
    ) -> None:
        super().__init__(runner)
        self.runner = runner
        self.exclusive = exclusive
        self.on_success = on_success
        self.on_failure = on_failure
        self.signals = _Signals()
        self.job = _Job(fn, self.signals)
        self.dialog: QProgressDialog | None = None
        self.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.signals.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.is_done = False

    @property
    def reporter(self) -> Reporter:
        return self.job.reporter

    def cancel(self) -> None:
        self.job.reporter.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Cancelling…"))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is None:
            return
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if text:
            self.dialog.setLabelText(text)

    def _on_done(self, result: object, error: object) -> None:
        self.is_done = True
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.runner._finished(self)
        try:
            if not isinstance(error, BaseException):  # None: the work succeeded
                if self.on_success is not None:
                    self.on_success(result)
            elif isinstance(error, Cancelled):
                log.info("task cancelled")
            elif self.on_failure is not None:
                self.on_failure(error)
            else:
                raise error  # goes to sys.excepthook
        finally:
            self.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on a thread pool and tells the window when the database is busy."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._tasks: list[Task] = []

    def is_busy(self) -> bool:
        """True while an exclusive task (the only user of the database) runs."""
        return any(t.exclusive for t in self._tasks)

    def run(
        self,
        fn: Callable[[Reporter], Any],
        *,
        on_success: Callable[[Any], object] | None = None,
        on_failure: Callable[[BaseException], object] | None = None,
        parent: QWidget | None = None,
        label: str = "",
        exclusive: bool = True,
        show_progress: bool = True,
        cancellable: bool = True,
        delay_ms: int = 300,
    ) -> Task | None:
        """Run ``fn(reporter)`` on a worker thread; None if the database is busy already."""
        if exclusive and self.is_busy():
            return None
        task = Task(self, fn, on_success=on_success, on_failure=on_failure, exclusive=exclusive)
        if show_progress:
            dialog = QProgressDialog(label or _("Working…"), _("Cancel"), 0, 0, parent)
            dialog.setWindowTitle(_("Please wait"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(delay_ms)
            dialog.setMinimumWidth(420)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(task.cancel)
            dialog.setValue(0)
            task.dialog = dialog
        self._tasks.append(task)
        if exclusive:
            self.busy_changed.emit(True)
        self.pool.start(task.job)
        return task

    def _finished(self, task: Task) -> None:
        was_busy = self.is_busy()
        if task in self._tasks:
            self._tasks.remove(task)
        task.deleteLater()
        if was_busy and not self.is_busy():
            self.busy_changed.emit(False)

    def wait_idle(self, timeout_ms: int = 10000) -> bool:
        """Wait for the worker threads (for tests and for closing the window)."""
        return self.pool.waitForDone(timeout_ms)

    def later(self, msec: int, fn: Callable[[], None]) -> None:
        QTimer.singleShot(msec, self, fn)
