"""The editor when someone else saved the item meanwhile: 此事项已被他人修改 with both versions
side by side; "reload theirs" shows the stored version and keeps the clerk's text on the
clipboard; nothing is overwritten and nothing crashes."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import datetime, timezone

import peewee as pw
import pytest
from PySide6.QtWidgets import QApplication

from board_app.domain.items import (
    Domain,
    Item,
    Organization,
    OrgKind,
    PublicationType,
    Retention,
    Scope,
)
from board_app.services.context import Services, open_services
from board_app.storage.db import PRAGMAS, Database
from board_app.ui.dialogs.conflict_dialog import ConflictDialog
from board_app.ui.editor import ItemEditor
from tests.ui.test_item_editor import when_modal

NOW = datetime(2026, 7, 8, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def services(tmp_path):
    svc = open_services(tmp_path / "board.sqlite3", operator="王会计")
    svc.ctx.clock = lambda: NOW
    yield svc
    svc.close()


@pytest.fixture
def other(services):
    """The second clerk, on a second connection to the same file."""
    connection = pw.SqliteDatabase(str(services.path), pragmas=PRAGMAS)
    connection.connect()
    second = Services(
        Database(path=services.path, db=connection, lock=services.database.lock),
        operator="李出纳",
    )
    second.ctx.clock = lambda: NOW
    yield second
    connection.close()


@pytest.fixture
def item(services) -> Item:
    org = services.orgs.create(Organization(name="红旗村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
    return services.items.save(
        Item(
            title="红旗村2026年低保对象名单",
            publication_type=PublicationType.LONG_TERM,
            organization_id=org.id,
            body="经村民代表会议评议，以下农户纳入低保。",
            responsible="赵䶮",
            domain=Domain.VILLAGE,
            scope=Scope.PUBLIC,
            retention=Retention.Y10,
        )
    )


@pytest.fixture
def editor(qtbot, services, item):
    widget = ItemEditor(services)
    widget.resize(1000, 900)
    qtbot.addWidget(widget)
    widget.load_item(item.id)
    return widget


def their_save(other, item_id: int) -> None:
    theirs = other.items.get(item_id)
    theirs.body = "经村民代表会议评议，以下3户纳入低保：张堃、李喆、王𠮷。"
    other.items.save(theirs)


def test_reload_theirs_keeps_my_text_on_the_clipboard(editor, services, other, item, qtbot):
    their_save(other, item.id)
    editor.form.body_edit.setPlainText("我改的正文：名单待公示七天。")
    seen: dict[str, object] = {}

    def inspect_and_reload(widget) -> None:
        assert isinstance(widget, ConflictDialog)
        seen["title"] = widget.windowTitle()
        seen["summary"] = widget.summary.text()
        seen["theirs"] = widget.theirs_text.toPlainText()
        seen["mine"] = widget.mine_text.toPlainText()
        seen["theirs_label"] = widget.theirs_label.text()
        seen["rows"] = [
            [widget.table.item(r, c).text() for c in range(3)]
            for r in range(widget.table.rowCount())
        ]
        if os.environ.get("BOARD_APP_SHOTS"):  # look at it: BOARD_APP_SHOTS=folder ./test …
            QApplication.processEvents()
            widget.grab().save(os.environ["BOARD_APP_SHOTS"] + "/conflict-dialog.png")
        widget.reload_button.click()

    when_modal(inspect_and_reload)
    assert not editor.save()
    assert seen["title"] == "此事项已被他人修改。"
    assert "第 1 版" in seen["summary"] and "第 2 版" in seen["summary"]
    assert "李出纳" in seen["theirs_label"]
    assert "王𠮷" in seen["theirs"] and "名单待公示七天" in seen["mine"]
    assert seen["rows"] == [
        [
            "正文",
            "经村民代表会议评议，以下3户纳入低保：张堃、李喆、王𠮷。",
            "我改的正文：名单待公示七天。",
        ]
    ]
    # the editor now shows their version; my text waits on the clipboard
    assert "王𠮷" in editor.form.body_edit.toPlainText()
    assert not editor.has_unsaved_changes()
    assert QApplication.clipboard().text().endswith("我改的正文：名单待公示七天。")
    assert "剪贴板" in editor.message()
    assert services.items.get(item.id).version == 2
    # saving from the reloaded version works again
    editor.form.body_edit.setPlainText(editor.form.body_edit.toPlainText() + "\n公示期七天。")
    assert editor.save()
    assert services.items.get(item.id).version == 3


def test_keep_editing_leaves_my_edits_and_overwrites_nothing(editor, services, other, item):
    their_save(other, item.id)
    editor.form.title_edit.setText("红旗村2026年低保对象名单（更正）")
    when_modal(lambda widget: widget.keep_button.click())
    assert not editor.save()
    assert editor.form.title_edit.text() == "红旗村2026年低保对象名单（更正）"
    assert editor.has_unsaved_changes()
    assert "未保存" in editor.message()
    stored = services.items.get(item.id)
    assert stored.title == item.title and "王𠮷" in stored.body
