"""Dialogs through their widgets: organization, catalogue, settings, restore, first start."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    DueRule,
    Organization,
    OrgKind,
    PublicationType,
    Retention,
    Scope,
)
from board_app.settings import MachineSettings, load_settings, save_settings
from board_app.ui.dialogs.catalogue_dialog import CatalogueDialog, CategoryDialog, due_rule_text
from board_app.ui.dialogs.first_start_dialog import DEMO, FirstStartDialog
from board_app.ui.dialogs.organization_dialog import OrganizationDialog
from board_app.ui.dialogs.settings_dialog import SettingsDialog


def test_create_organization_with_every_field(qtbot, ui_services):
    dialog = OrganizationDialog(ui_services)
    qtbot.addWidget(dialog)
    dialog.name.setText("红旗村党支部")
    dialog.kind.set_value(OrgKind.PARTY_BRANCH)
    dialog.phone.setText("0571-88886666")
    dialog.address.setText("红旗村村部二楼")
    dialog.fonds_code.setText("J012")
    dialog.fonds_name.setText("中共红旗村支部委员会")
    dialog.display_days.setValue(45)
    dialog.board_title.setText("红旗村党务公开栏")
    dialog.board_subtitle.setText("接受群众监督")
    dialog.footer_lines.setPlainText("监督电话：0571-88886666\n欢迎监督")
    dialog.public_numbers.setPlainText("0571-88886666")
    dialog.has_tracking.setChecked(True)
    dialog.tracking_start.setDate(QDate(2026, 1, 1))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    org = ui_services.orgs.by_name("红旗村党支部")
    assert org.phone == "0571-88886666" and org.fonds_code == "J012"
    assert org.fonds_name == "中共红旗村支部委员会" and org.display_days == 45
    assert org.footer_lines == ["监督电话：0571-88886666", "欢迎监督"]
    assert org.public_numbers == ["0571-88886666"]
    assert org.tracking_start == date(2026, 1, 1)
    assert ui_services.orgs.categories(org.id)  # default catalogue for the kind


def test_organization_dialog_edits_and_shows_problems(qtbot, ui_services):
    org = ui_services.orgs.create(Organization(name="甲村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
    ui_services.orgs.create(Organization(name="乙村村委会"))
    dialog = OrganizationDialog(ui_services, ui_services.orgs.get(org.id))
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "甲村村委会"
    assert dialog.kind.value() is OrgKind.VILLAGE_COMMITTEE
    dialog.name.setText("乙村村委会")  # taken
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.problems.isHidden() and "乙村村委会" in dialog.problems.text()
    dialog.name.setText("甲村村民委员会")
    dialog.phone.setText("12345")
    dialog.save()
    assert ui_services.orgs.get(org.id).name == "甲村村民委员会"
    assert ui_services.orgs.get(org.id).phone == "12345"


def test_catalogue_add_edit_reorder_delete(qtbot, ui_services, message_boxes, monkeypatch):
    org = ui_services.orgs.create(Organization(name="丙村党支部"), with_catalogue=False)
    dialog = CatalogueDialog(ui_services, org.id)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0

    def fill(cat_dialog: CategoryDialog) -> None:
        cat_dialog.name.setText("党费收缴")
        cat_dialog.domain.set_value(Domain.PARTY)
        cat_dialog.type.set_value(PublicationType.PERIODIC)
        cat_dialog.scope.set_value(Scope.PARTY_INTERNAL)
        cat_dialog.cadence.set_value(Cadence.QUARTERLY)
        cat_dialog.has_due.setChecked(True)
        cat_dialog.month_offset.setValue(1)
        cat_dialog.day.setValue(15)
        cat_dialog.retention.set_value(Retention.Y30)

    monkeypatch.setattr(CategoryDialog, "exec", lambda self: fill(self) or 1)
    dialog.add()
    ui_services.orgs.save_category(
        Category(
            name="组织建设",
            domain=Domain.PARTY,
            publication_type=PublicationType.LONG_TERM,
            organization_id=org.id,
        )
    )
    dialog.reload()
    cats = ui_services.orgs.categories(org.id)
    assert [c.name for c in cats] == ["党费收缴", "组织建设"]
    first = cats[0]
    assert first.cadence is Cadence.QUARTERLY and first.scope is Scope.PARTY_INTERNAL
    assert first.due_rule == DueRule(1, 15) and first.retention is Retention.Y30
    assert dialog.table.item(0, 5).text() == due_rule_text(DueRule(1, 15))
    assert "15" in dialog.table.item(0, 5).text()

    dialog.table.selectRow(1)
    dialog.move_category(-1)
    assert [c.name for c in ui_services.orgs.categories(org.id)] == ["组织建设", "党费收缴"]

    def rename(cat_dialog: CategoryDialog) -> None:
        cat_dialog.name.setText("党建工作")
        cat_dialog.has_due.setChecked(False)

    monkeypatch.setattr(CategoryDialog, "exec", lambda self: rename(self) or 1)
    dialog.table.selectRow(0)
    dialog.edit()
    names = [c.name for c in ui_services.orgs.categories(org.id)]
    assert names == ["党建工作", "党费收缴"]
    dialog.table.selectRow(1)
    dialog.delete()
    assert [c.name for c in ui_services.orgs.categories(org.id)] == ["党建工作"]
    assert dialog.changed


def test_settings_dialog_saves_machine_and_database_settings(qtbot, ui_services, tmp_path):
    settings = MachineSettings()
    dialog = SettingsDialog(ui_services, settings)
    qtbot.addWidget(dialog)
    assert str(ui_services.path) in dialog.db_label.text()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.operator.setText("王会计")
    # fonts are chosen by name: the bundled Board Kai for the kai role
    kai = dialog.font_boxes["kai"]
    names = [kai.itemText(i) for i in range(kai.count())]
    assert any(n.startswith("Board Kai") for n in names)
    assert not any("/" in n or n.endswith(".ttf") for n in names[1:])  # names, not paths
    kai.setCurrentIndex(next(i for i, n in enumerate(names) if n.startswith("Board Kai")))
    dialog.backup_dir.edit.setText(str(tmp_path / "usb"))
    dialog.display_days.setValue(60)
    dialog.save()
    assert settings.language == "en" and settings.operator == "王会计"
    assert list(settings.fonts) == ["kai"]
    assert settings.fonts["kai"].endswith("BoardKai-Regular.ttf")
    assert settings.backup_dir == str(tmp_path / "usb")
    assert ui_services.orgs.default_display_days() == 60
    save_settings(settings)
    assert load_settings().operator == "王会计"


def test_font_faces_read_names_and_skip_unusable_files(qapp, tmp_path):
    from board_app.paths import resource_path
    from board_app.services import font_faces

    faces = font_faces.read_faces(resource_path("fonts", "NotoSansSC-Regular.ttf"), True)
    assert [f.name for f in faces] == ["Noto Sans SC"] and faces[0].chinese
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00garbage")
    (tmp_path / "empty.ttc").write_bytes(b"")
    assert font_faces.read_faces(tmp_path / "broken.ttf") == []
    assert font_faces.read_faces(tmp_path / "empty.ttc") == []
    # a font chosen earlier that is gone stays visible (and kept) instead of vanishing
    box = SettingsDialog._face_box([], str(tmp_path / "gone.ttf"))
    assert box.currentData() == str(tmp_path / "gone.ttf") and "gone.ttf" in box.currentText()


def test_restore_from_a_backup_through_the_window(window, qtbot, message_boxes):
    from board_app.services import backups_service

    before = window.items_page.model.total
    backup = backups_service.backup_now(window.services.path)
    # a change after the backup, undone by the restore
    org = window.services.orgs.create(Organization(name="临时单位"))
    window.reload_all()
    dialog = SettingsDialog(window.services, window.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.backup_list.count() >= 1
    window.files.restore_backup(backup)
    qtbot.waitUntil(
        lambda: any("恢复" in t for t in message_boxes.texts("information")), timeout=5000
    )
    names = [o.name for o in window.services.orgs.all()]
    assert "临时单位" not in names and org.name not in names
    assert window.items_page.model.total == before
    safety = [i for i in backups_service.list_backups(window.services.path) if i.safety]
    assert safety


def test_first_start_dialog_offers_three_choices(qtbot):
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    assert "演示" in dialog.demo_button.text()
    assert "新建" in dialog.new_button.text() and "打开" in dialog.open_button.text()
    dialog.demo_button.click()
    assert dialog.choice == DEMO and dialog.result() == QDialog.DialogCode.Accepted


def test_backups_service_lists_the_extra_folder(ui_services, tmp_path):
    from board_app.services import backups_service

    extra = tmp_path / "usb"
    made = backups_service.backup_now(ui_services.path, extra)
    assert made.parent == extra
    listed = backups_service.list_backups(ui_services.path, extra)
    assert [i.path for i in listed] == [made]
    assert Path(made).stat().st_size > 0


def test_checked_ok_cancel_keeps_the_dialog_open_while_apply_refuses(qtbot):
    from PySide6.QtWidgets import QDialog

    from board_app.errors import ValidationError
    from board_app.ui.buttons import CheckedOkCancel

    dialog = QDialog()
    qtbot.addWidget(dialog)
    answers = [ValidationError("refused", ["名称：不能为空", "电话：格式不对"]), ValueError("金额")]

    def apply() -> None:
        if answers:
            raise answers.pop(0)

    checked = CheckedOkCancel(dialog, apply, hidden_until_error=True)
    assert checked.error.isHidden()
    assert not checked.ok()
    assert checked.error.text() == "名称：不能为空\n电话：格式不对" and not checked.error.isHidden()
    assert not checked.ok() and checked.error.text() == "金额"
    assert dialog.result() == 0
    assert checked.ok() and dialog.result() == QDialog.DialogCode.Accepted
