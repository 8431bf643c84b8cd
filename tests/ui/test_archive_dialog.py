"""Archive export dialog: box PDFs with progress, labels, open folder, errors."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from board_app.demo import PARTY, build_demo

FIXED = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def arc_services(ui_services):
    ui_services.ctx.clock = lambda: FIXED
    build_demo(ui_services, date(2026, 11, 20))
    return ui_services


@pytest.fixture
def dialog(qtbot, arc_services, tmp_path: Path):
    from board_app.ui.archive_dialog import ArchiveDialog

    party = arc_services.orgs.by_name(PARTY)
    d = ArchiveDialog(arc_services, party.id, folder=tmp_path / "archive")
    qtbot.addWidget(d)
    d.show()
    yield d
    d.runner.wait_idle(20000)


def test_archive_then_labels_then_open_folder(dialog, qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    dialog.year.setValue(2026)
    progress = []
    with qtbot.waitSignal(dialog.finished_run, timeout=30000) as blocker:
        task = dialog.start_archive()
        task.signals.progress.connect(lambda d, t, _s: progress.append((d, t)))
        assert not dialog.build_button.isEnabled() and dialog.cancel_button.isEnabled()
    result = blocker.args[0]
    assert not isinstance(result, BaseException), dialog.status.text()
    assert result.files and all(f.pdf.exists() and f.manifest.exists() for f in result.files)
    assert all(f.pdf.parent == tmp_path / "archive" for f in result.files)
    assert "J031-2026" in dialog.log.toPlainText()
    assert progress and progress[-1][0] == progress[-1][1]
    qtbot.waitUntil(lambda: dialog.build_button.isEnabled(), timeout=3000)

    with qtbot.waitSignal(dialog.finished_run, timeout=30000) as blocker:
        dialog.spine.setCurrentIndex(dialog.spine.findData(30))
        dialog.start_labels()
    assert blocker.args[0] and (tmp_path / "archive" / "J031-2026-labels.pdf").exists()

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert dialog.open_folder()
    assert opened[0].toLocalFile() == str(tmp_path / "archive")


def test_quarter_retention_and_box_make_the_file_name(dialog):
    dialog.year.setValue(2026)
    dialog.quarter.setCurrentIndex(dialog.quarter.findData(3))
    dialog.retention.setCurrentIndex(dialog.retention.findData("永久"))
    assert dialog.output_path().name == "J031-2026-Q3-Y.pdf"
    assert dialog.box.text() == "下一个空盒" or dialog.box.value() == 0


def test_an_empty_year_reports_the_service_error(dialog, qtbot):
    dialog.year.setValue(2001)
    with qtbot.waitSignal(dialog.finished_run, timeout=15000) as blocker:
        dialog.start_archive()
    assert isinstance(blocker.args[0], Exception)
    assert "2001" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.build_button.isEnabled(), timeout=3000)


def test_cancel_stops_the_run(dialog, qtbot, monkeypatch):
    from board_app.services import archive

    def slow(services, name, year, *, progress, **kw):
        for n in range(200):
            progress(n, 200)
            __import__("time").sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(archive, "build_archive", slow)
    with qtbot.waitSignal(dialog.finished_run, timeout=10000) as blocker:
        dialog.start_archive()
        qtbot.wait(50)
        dialog.cancel()
    assert blocker.args[0] is None
    assert dialog.status.text() == "已取消。" or dialog.status.text()


def test_missing_glyphs_refused_then_allowed(dialog, qtbot, arc_services):
    from support import publish_item

    from board_app.domain.items import Item, PublicationType

    party = arc_services.orgs.by_name(PARTY)
    cat = arc_services.orgs.categories(party.id)[0]
    item = Item(
        title="表情",
        publication_type=PublicationType.IMMEDIATE,
        organization_id=party.id,
        category_id=cat.id,
        body="好\U0001f600",
    )
    publish_item(arc_services, item, date(2026, 11, 18))
    with qtbot.waitSignal(dialog.finished_run, timeout=30000) as blocker:
        dialog.start_archive()
    assert isinstance(blocker.args[0], Exception)
    assert "U+1F600" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.build_button.isEnabled(), timeout=3000)
    dialog.allow_missing.setChecked(True)
    with qtbot.waitSignal(dialog.finished_run, timeout=30000) as blocker:
        dialog.start_archive()
    assert not blocker.args[0].pdfa and "U+1F600" in dialog.log.toPlainText()
