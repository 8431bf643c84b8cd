"""Audit trail timestamps are shown in the computer's local time."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from board_app.ui.editor.history_view import local_time


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_stored_utc_times_show_in_local_time(shanghai):
    aware = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)
    assert local_time(aware) == "2026-11-26 09:30"
    # a timestamp read back without its zone is UTC too, not local time
    assert local_time(datetime(2026, 11, 26, 1, 30)) == "2026-11-26 09:30"


def test_history_names_the_server_login_beside_the_operator():
    from board_app.domain.items import AuditEntry
    from board_app.ui.editor.history_view import who

    at = datetime(2026, 11, 26, 1, 30, tzinfo=timezone.utc)
    on_server = AuditEntry(at, "张三", "item.submit", 1, {}, 1, db_user="dong_zhang")
    in_file = AuditEntry(at, "张三", "item.submit", 1, {}, 1)
    assert who(on_server) == "张三（dong_zhang）"
    assert who(in_file) == "张三"
