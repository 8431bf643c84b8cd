"""The push/pull dialog, the Township menu and the server connection in Settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtWidgets import QDialog

from board_app.demo import VILLAGE
from board_app.domain.items import Status
from board_app.errors import UsageError
from board_app.services.context import open_services
from board_app.services.server_login import ServerSettings, store_password, stored_password
from board_app.services.sync import push
from board_app.settings import MachineSettings, load_settings, save_settings, settings_file
from board_app.ui.sync.server_settings import PasswordPrompt
from board_app.ui.sync.sync_dialog import SyncDialog
from board_app.ui.tasks import TaskRunner


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in this process only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def township(tmp_path, demo_services):
    """A township database that has the demo pushed, with one published title changed."""
    path = tmp_path / "township.sqlite3"
    with open_services(path, operator="镇办") as town:
        push(demo_services, town)
        org = town.orgs.by_name(VILLAGE)
        item = next(i for i in town.repo.list_items(org.id) if i.status is Status.PUBLISHED)
        town.repo.save_item(replace(item, title="镇上的标题"), now=datetime.now(timezone.utc))
        town.orgs.update(replace(org, board_subtitle="东风镇人民政府监制"))
    return path, item


def _dialog(qtbot, services, settings=None) -> SyncDialog:
    dialog = SyncDialog(services, TaskRunner(), settings or MachineSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_push_lists_the_conflict_and_pull_the_changes(qtbot, demo_services, township):
    path, item = township
    dialog = _dialog(qtbot, demo_services)
    assert dialog.use_file.isChecked() and not dialog.use_server.isEnabled()
    dialog.file.edit.setText(str(path))
    dialog.push_button.click()
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=15000)
    assert "冲突 1 处" in dialog.summary.text() and "双方都未改动" in dialog.summary.text()
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(5)]
    assert row[0] == VILLAGE and item.number in row[1] and row[2] == "标题"
    assert row[3] == "镇上的标题" and row[4] == item.title
    dialog.grab().save(str(path.parent / "sync-dialog.png"))

    dialog.last_report = None
    with qtbot.waitSignal(dialog.changed, timeout=15000):
        dialog.pull_button.click()
    assert demo_services.orgs.by_name(VILLAGE).board_subtitle == "东风镇人民政府监制"
    texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "副标题" in texts


def test_a_missing_file_is_an_error_message_not_a_crash(
    qtbot, demo_services, tmp_path, monkeypatch
):
    shown = []
    monkeypatch.setattr("board_app.ui.sync.sync_dialog.show_error", lambda _p, e: shown.append(e))
    dialog = _dialog(qtbot, demo_services)
    dialog.push_button.click()  # no file chosen
    dialog.file.edit.setText(str(tmp_path / "nowhere.sqlite3"))
    dialog.push_button.click()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=15000)
    assert "请先选择乡镇的数据库文件" in str(shown[0]) and "没有这个数据库文件" in str(shown[1])
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_township_menu_opens_the_dialog(window):
    assert window.township.act_push_pull in window.township.menu.actions()
    assert window.township.act_push_pull in window.commands.db_actions
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("乡镇(&W)") < titles.index("帮助(&H)") == len(titles) - 1  # Help last
    mnemonics = [t.split("(&")[1][0] for t in titles if "(&" in t]
    assert len(mnemonics) == len(set(mnemonics)), titles  # Alt+letter opens one menu each
    window.township.act_push_pull.trigger()
    dialogs = [w for w in window.findChildren(SyncDialog)]
    assert dialogs and dialogs[0].isVisible()
    dialogs[0].close()


def test_the_settings_file_never_holds_the_password(
    qtbot, ui_services, memory_keyring, monkeypatch
):
    from board_app.ui.dialogs.settings_dialog import SettingsDialog

    settings = MachineSettings()
    dialog = SettingsDialog(ui_services, settings)
    qtbot.addWidget(dialog)
    tab = dialog.server_tab
    assert tab.save_password.isEnabled() and "系统密钥环" in tab.keyring_note.text()
    tab.host.setText("town.example.cn")
    tab.dbname.setText("board")
    tab.user.setText("dongfeng_clerk")
    tab.sslmode.setCurrentIndex(tab.sslmode.findData("verify-full"))

    def typed(prompt: PasswordPrompt) -> int:
        prompt.edit.setText("s3cret-口令")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PasswordPrompt, "exec", typed)
    monkeypatch.setattr("board_app.ui.sync.server_settings.QMessageBox.information", print)
    tab.ask_and_store()
    dialog.save()
    save_settings(settings)
    text = settings_file().read_text(encoding="utf-8")
    assert "town.example.cn" in text and "verify-full" in text
    assert "s3cret" not in text and "password" not in text
    server = ServerSettings.from_dict(load_settings().server)
    assert stored_password(server) == "s3cret-口令"

    # the sync dialog uses the kept password for the connection, never shows it
    sync = _dialog(qtbot, ui_services, load_settings())
    assert sync.use_server.isChecked()
    spec, shown = sync.other_side()
    assert "s3cret" in spec and "s3cret" not in shown and "s3cret" not in sync.server_label.text()

    # a password typed into the file or into a remembered address is dropped when saved
    settings.server["password"] = "s3cret"
    settings.last_database = "postgresql://clerk:s3cret@town.example.cn/board"
    settings.recent_databases = ["postgresql://town.example.cn/board?password=s3cret"]
    save_settings(settings)
    assert "s3cret" not in settings_file().read_text(encoding="utf-8")


def test_without_a_keyring_the_user_is_told_and_asked_each_time(qtbot, ui_services, no_keyring):
    from board_app.ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ui_services, MachineSettings())
    qtbot.addWidget(dialog)
    assert not dialog.server_tab.save_password.isEnabled()
    assert "没有系统密钥环" in dialog.server_tab.keyring_note.text()
    server = ServerSettings(service="township", user="clerk")
    prompt = PasswordPrompt(server)
    qtbot.addWidget(prompt)
    prompt.edit.setText("s3cret")
    prompt.keep.setChecked(True)
    assert not prompt.keep_in_keyring()
    with pytest.raises(UsageError, match="没有系统密钥环"):
        store_password(server, "s3cret")
    assert stored_password(server) is None


def test_bad_server_fields_are_refused_on_save(qtbot, ui_services, monkeypatch):
    from board_app.ui.dialogs.settings_dialog import SettingsDialog

    shown = []
    monkeypatch.setattr(
        "board_app.ui.dialogs.settings_dialog.show_error", lambda _p, e: shown.append(str(e))
    )
    settings = MachineSettings()
    dialog = SettingsDialog(ui_services, settings)
    qtbot.addWidget(dialog)
    dialog.server_tab.port.setText("54321x")
    dialog.save()
    assert shown and "54321x" in shown[0] and settings.server == {}


# ----- the server in Settings, against the test session's PostgreSQL ------------------------
def _socket_and_db(url: str) -> tuple[str, str, str]:
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    return parse_qs(parts.query)["host"][0], parts.path.lstrip("/"), parts.username


def test_open_the_server_from_settings_through_a_libpq_service_file(
    window, pg_board_url, tmp_path, monkeypatch, message_boxes
):
    from board_app.ui.sync import open_server_database

    host, dbname, user = _socket_and_db(pg_board_url)
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(f"[township]\nhost={host}\ndbname={dbname}\nuser={user}\n")
    monkeypatch.setenv("PGSERVICEFILE", str(service_file))
    window.settings.server = {"service": "township"}
    assert open_server_database(window), message_boxes.calls
    assert window.services.is_server
    assert window.services.location == "postgresql:///?service=township"
    assert window.services.database.db.database == dbname  # the service file's database


@pytest.fixture
def password_role(pg_cluster, pg_board_url):
    """A role that must give its password (scram) on the test server, for this database."""
    host, dbname, _user = _socket_and_db(pg_board_url)
    role, password = "sync_clerk", "Zhen:p@ss/2026 #1"
    hba = pg_cluster.data_dir / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(f"local all {role} scram-sha-256\n" + original)
    pg_cluster.sql("SELECT pg_reload_conf()")
    pg_cluster.sql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    pg_cluster.sql(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}", dbname)
    pg_cluster.sql(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}", dbname)
    # row-level security (step 9): the push creates organizations, which only an administrator
    # may do (and an administrator must see the rows it has just inserted)
    from board_app.cli import main as cli_main

    granted = cli_main(
        ["--db", pg_board_url, "--operator", "t", "server", "grant", "--role", "admin"]
        + ["--user", role]
    )
    assert granted == 0
    yield {"host": host, "dbname": dbname, "user": role}, password
    hba.write_text(original)
    pg_cluster.sql("SELECT pg_reload_conf()")
    pg_cluster.sql(f"DROP OWNED BY {role}", dbname)
    pg_cluster.sql(f"DROP ROLE {role}")


def test_a_refused_login_asks_once_then_the_keyring_answers(
    qtbot, password_role, memory_keyring, monkeypatch, message_boxes
):
    from PySide6.QtWidgets import QWidget

    from board_app.ui.sync import connect_server

    server_fields, password = password_role
    server = ServerSettings.from_dict(server_fields)
    asked = []

    def typed(prompt: PasswordPrompt) -> int:
        asked.append(prompt)
        prompt.edit.setText(password)
        prompt.keep.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PasswordPrompt, "exec", typed)
    parent = QWidget()
    qtbot.addWidget(parent)
    with connect_server(parent, server, "测试员") as services:
        assert services.is_server and len(asked) == 1
        assert "Zhen" not in services.location
    assert stored_password(server) == password
    settings = MachineSettings(server=server.to_dict(), last_database=server.address(password))
    save_settings(settings)
    assert "Zhen" not in settings_file().read_text(encoding="utf-8")

    with connect_server(parent, server, "测试员") as services:  # the keyring has it now
        assert services.is_server
    assert len(asked) == 1

    memory_keyring.kept.clear()  # a wrong password typed: asked once, then told
    monkeypatch.setattr(
        PasswordPrompt, "exec", lambda p: (p.edit.setText("wrong"), asked.append(p))[0] or 1
    )
    assert connect_server(parent, server, "测试员") is None
    assert len(asked) == 2 and message_boxes.texts("warning")


def test_the_dialog_asks_for_the_server_password_then_pushes(
    qtbot, demo_services, password_role, no_keyring, monkeypatch, message_boxes
):
    server_fields, password = password_role
    asked = []

    def typed(prompt: PasswordPrompt) -> int:
        asked.append(prompt.keep.isEnabled())
        prompt.edit.setText(password)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PasswordPrompt, "exec", typed)
    dialog = _dialog(qtbot, demo_services, MachineSettings(server=server_fields))
    assert dialog.use_server.isChecked() and "Zhen" not in dialog.server_label.text()
    dialog.push_button.click()
    qtbot.waitUntil(
        lambda: dialog.last_report is not None or bool(message_boxes.calls), timeout=30000
    )
    assert not message_boxes.calls, message_boxes.calls
    assert asked == [False]  # asked once; no keyring here, so it cannot be kept
    assert "冲突 0 处" in dialog.summary.text() and "Zhen" not in dialog.summary.text()
    assert len(dialog.last_report.sent) > 40


def test_a_cancelled_push_writes_nothing_and_says_so(qtbot, demo_services, tmp_path, monkeypatch):
    import threading

    from board_app.services import sync

    path = tmp_path / "empty-township.sqlite3"
    open_services(path).close()
    cancelled = threading.Event()
    real_push = sync.push

    def push_after_cancel(*args, **kwargs):
        cancelled.wait(10)  # the user presses Cancel while the push starts
        return real_push(*args, **kwargs)

    monkeypatch.setattr(sync, "push", push_after_cancel)
    dialog = _dialog(qtbot, demo_services)
    dialog.file.edit.setText(str(path))
    dialog.push_button.click()
    dialog.task.cancel()
    cancelled.set()
    qtbot.waitUntil(lambda: "已取消" in dialog.summary.text(), timeout=15000)
    with open_services(path) as town:
        assert town.orgs.all() == []  # the first progress report rolled everything back
