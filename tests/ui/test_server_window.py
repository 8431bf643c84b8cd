"""The main window over a database on a PostgreSQL server (same widgets, no file actions)."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def server_window(qtbot, pg_board_url, message_boxes):
    from board_app.demo import build_demo
    from board_app.services.context import open_services
    from board_app.settings import MachineSettings
    from board_app.ui.main_window import MainWindow

    services = open_services(pg_board_url, wait=0, operator="测试员")
    build_demo(services, date(2026, 11, 20))
    win = MainWindow(services, MachineSettings(operator="测试员"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.shutdown()


def test_the_window_shows_the_server_and_its_items(server_window, pg_board_url):
    assert server_window.windowTitle() == server_window.services.location
    assert "postgresql://" in server_window.path_label.text()
    assert server_window.items_page.model.rowCount() > 0


def test_back_up_now_points_to_pg_dump(server_window, message_boxes):
    server_window.files.backup_now()
    assert message_boxes.calls and "pg_dump" in message_boxes.calls[-1][2]


def test_search_narrows_the_list_on_the_server(server_window, qtbot):
    everything = server_window.items_page.model.rowCount()
    server_window.items_page.filters.search.setText("党费")
    server_window.items_page.filters.flush()
    qtbot.waitUntil(
        lambda: 0 < server_window.items_page.model.rowCount() < everything, timeout=5000
    )


def test_a_lost_connection_is_explained_and_the_next_step_works(server_window, pg_cluster):
    from pg_cluster import db_name

    from board_app.ui.error_text import user_message

    services = server_window.services
    name = db_name(services.database.url)
    pg_cluster.sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )
    with pytest.raises(Exception) as info:
        services.orgs.all()
    assert "连接已断开" in user_message(info.value)
    assert services.orgs.all()  # reconnected
