"""Board page: live preview of the exact PDF, warnings with item links, texts, export, print."""

from __future__ import annotations

import os
import re

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from board_app.demo import PARTY, VILLAGE, build_demo
from board_app.domain.items import Item, PublicationType

FIXED = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc)
ON = date(2026, 11, 20)


@pytest.fixture
def board_services(ui_services):
    ui_services.ctx.clock = lambda: FIXED
    build_demo(ui_services, ON)
    return ui_services


@pytest.fixture
def view(qtbot, board_services):
    from board_app.ui.board import BoardView

    v = BoardView(board_services, today=ON)
    qtbot.addWidget(v)
    v.resize(1300, 850)
    v.show()
    qtbot.waitUntil(lambda: v.current is not None, timeout=15000)
    yield v
    v.runner.wait_idle(10000)


def org_id(services, name: str) -> int:
    return services.orgs.by_name(name).id


def rerender(qtbot, view) -> None:
    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.schedule()


def colours(widget) -> int:
    image = widget.grab().toImage()
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), 23)
            for y in range(0, image.height(), 23)
        }
    )


def test_preview_shows_the_pdf_that_export_writes(view, qtbot, tmp_path: Path):
    assert view.preview.page_count() == 1
    assert view.current.data.startswith(b"%PDF")
    assert view.preview.zoom_factor() == pytest.approx(view.preview.fit_factor("page"), rel=1e-3)
    # QPdfView draws pages on its own thread: wait for the page, not a blank view
    qtbot.waitUntil(lambda: colours(view.preview.pdf_view) > 10, timeout=5000)
    out = view.export_pdf(tmp_path / "board.pdf")
    assert out is not None


def test_exported_board_is_the_board_the_command_line_prints(
    view, board_services, tmp_path: Path, capsys
):
    """The page's export and ``board-app poster`` for the same board, date and audience draw
    the same pages (same sizes, text and drawing operators; only dates and ids differ)."""
    from pypdf import PdfReader

    from board_app.app import main

    org = view.organization()
    options = view.options()
    exported = view.export_pdf(tmp_path / "board.pdf")
    assert exported is not None
    view.runner.wait_idle(10000)
    board_services.close()  # the command line takes the database's lock
    args = ["--db", str(board_services.path), "poster", "--org", org.name]
    args += ["--out", str(tmp_path / "cli.pdf"), "--date", options.on.isoformat()]
    args += ["--template", options.template, "--audience", options.audience]
    assert main([*args, "--allow-missing-glyphs"]) == 0, capsys.readouterr().err
    ui_pages = PdfReader(exported).pages
    cli_pages = PdfReader(tmp_path / "cli.pdf").pages
    assert len(ui_pages) == len(cli_pages) == 1
    for ui_page, cli_page in zip(ui_pages, cli_pages, strict=True):
        assert ui_page.mediabox == cli_page.mediabox
        assert org.name in ui_page.extract_text()
        assert ui_page.extract_text() == cli_page.extract_text()
        assert ui_page.get_contents().get_data() == cli_page.get_contents().get_data()


def test_controls_are_debounced_into_one_render(view, qtbot, monkeypatch):
    calls = []
    original = view.render_now
    monkeypatch.setattr(view, "render_now", lambda: (calls.append(1), original()))
    view.timer.timeout.disconnect()
    view.timer.timeout.connect(view.render_now)
    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.controls.date_edit.setDate(view.controls.date_edit.date().addDays(-1))
        view.controls.audience.setCurrentIndex(1)
        view.controls.date_edit.setDate(view.controls.date_edit.date().addDays(1))
    assert calls == [1]
    assert view.current.options.audience == "party"


def test_warnings_list_left_off_items_with_reasons_and_link_to_them(view, qtbot, board_services):
    entries = view.warnings.entries()
    left = [e for e in entries if e[2] is not None]
    reasons = {re.split(r"[（(]", group.split(" / ")[-1])[0].strip() for group, _t, _i in left}
    assert {
        "待审核",
        "已被新一期替代",
        "不在本栏公开范围",
        "已过公开期限",
        "已撤下",
        "未到公开日期",
    } <= reasons
    titles = {text.split("\n")[0] for _g, text, _i in left}
    assert "2025年党支部工作计划" in titles
    item_id = next(i for _g, text, i in left if text.startswith("关于调整党小组设置的决定"))
    with qtbot.waitSignal(view.open_item, timeout=1000) as blocker:
        view.warnings.tree.itemWidget(view.warnings.item_row(item_id), 0).linkActivated.emit(
            f"item:{item_id}"
        )
    assert blocker.args == [item_id]
    with qtbot.waitSignal(view.open_item, timeout=1000) as blocker:
        view.warnings._clicked(view.warnings.item_row(item_id))
    assert blocker.args == [item_id]
    # the party audience shows party-internal items: fewer left off
    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.controls.audience.setCurrentIndex(view.controls.audience.findData("party"))
    assert len(view.current.result.selection.left_off) < len(left)


def test_missing_characters_are_listed_and_export_asks(
    view, qtbot, board_services, tmp_path, message_boxes
):
    from PySide6.QtWidgets import QMessageBox

    org = board_services.orgs.by_name(PARTY)
    item = board_services.items.save(
        Item(
            title="关于\ue123事项的公示",
            body="正文",
            responsible="周建堃",
            organization_id=org.id,
            publication_type=PublicationType.IMMEDIATE,
        )
    )
    board_services.items.submit(item.id)
    board_services.items.approve(item.id, reviewer="审核人", on=ON, opinion="同意")
    board_services.items.publish(item.id, on=ON)
    rerender(qtbot, view)
    assert view.current.result.missing_glyphs
    assert any("U+E123" in text and i == item.id for _g, text, i in view.warnings.entries())
    message_boxes.answer = QMessageBox.StandardButton.No
    assert view.export_pdf(tmp_path / "refused.pdf") is None
    assert not (tmp_path / "refused.pdf").exists()
    message_boxes.answer = QMessageBox.StandardButton.Yes
    assert view.export_pdf(tmp_path / "ok.pdf") is not None
    assert any("\ue123" in text for text in message_boxes.texts("question"))


def test_large_board_tiles_for_printing_and_exports_full_size(
    view, qtbot, board_services, tmp_path
):
    from PySide6.QtPrintSupport import QPrinter

    from board_app.ui.board import print_support

    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.select_organization(org_id(board_services, VILLAGE))  # a2-portrait
    assert view.controls.template_combo.currentData() == "a2-portrait"
    assert not view.controls.shop_button.isHidden() and not view.controls.tile_combo.isHidden()
    assert not view.controls.print_button.isEnabled()  # A2 prints tiled or at a print shop
    full = view.pdf_bytes()
    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.controls.tile_combo.setCurrentIndex(view.controls.tile_combo.findData("A4"))
    assert view.current.result.tiles >= 8 and view.preview.page_count() > 1
    assert view.controls.print_button.isEnabled() and view.controls.preview_button.isEnabled()
    view.preview.go_to_page(2)
    assert view.preview.current_page() == 2 and "3 /" in view.preview.page_label.text()
    # print the tiles to a PDF printer: one printed page per tile page
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_support.configure_printer(printer, view.preview.document)
    assert print_support.print_document(view.preview.document, printer) == view.preview.page_count()
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    dialog = print_support.make_preview_dialog(view.preview.document, view)
    assert dialog.windowTitle()
    dialog.deleteLater()
    # the print shop gets the full-size board, not the tiles
    out = view.export_print_shop(tmp_path / "shop.pdf")
    qtbot.waitUntil(lambda: out.exists(), timeout=15000)
    assert out.read_bytes()[:4] == b"%PDF"
    assert abs(len(out.read_bytes()) - len(full)) < len(full) * 0.05


def test_board_texts_are_saved_per_organization(view, qtbot, board_services):
    from board_app.ui.board.board_texts_dialog import BoardTextsDialog

    org = board_services.orgs.by_name(PARTY)
    dialog = BoardTextsDialog(board_services, org, view)
    dialog.title.setText("东风村党支部公开栏")
    dialog.subtitle.setText("二〇二六年第四期")
    dialog.footer.setPlainText("第一行\n\n第二行")
    dialog.theme.setCurrentIndex(dialog.theme.findData("blue"))
    dialog.save()
    saved = board_services.orgs.by_name(PARTY)
    assert (saved.board_title, saved.board_subtitle, saved.footer_lines, saved.board_theme) == (
        "东风村党支部公开栏",
        "二〇二六年第四期",
        ["第一行", "第二行"],
        "blue",
    )
    assert board_services.orgs.by_name(VILLAGE).board_title == "东风村村务公开栏"
    assert (saved.board_signoff, saved.board_signoff_text, saved.board_language) == (
        True,
        "",
        "zh_CN",
    )
    # 落款 wording and the board's language are options of the organization
    dialog = BoardTextsDialog(board_services, saved, view)
    dialog.signoff_text.setText("中共东风村支部委员会")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()
    saved = board_services.orgs.by_name(PARTY)
    assert (saved.board_signoff_text, saved.board_language) == ("中共东风村支部委员会", "en")
    dialog = BoardTextsDialog(board_services, saved, view)
    assert dialog.signoff_text.text() == "中共东风村支部委员会"
    dialog.signoff.setChecked(False)
    assert not dialog.signoff_text.isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.save()
    saved = board_services.orgs.by_name(PARTY)
    assert not saved.board_signoff and saved.board_language == "zh_CN"
    rerender(qtbot, view)
    assert view.error == ""
    assert view.current.org.board_subtitle == "二〇二六年第四期"


def test_zoom_steps_and_custom_size_errors(view, qtbot):
    view.preview.set_zoom(1.0)
    assert view.preview.zoom_factor() == pytest.approx(1.0)
    view.preview.step_zoom(+1)
    assert view.preview.zoom_factor() == pytest.approx(1.25)
    view.preview.set_zoom("width")
    assert view.preview.zoom_factor() == pytest.approx(view.preview.fit_factor("width"), rel=1e-3)
    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.controls.template_combo.setCurrentIndex(
            view.controls.template_combo.findData("__custom__")
        )
        view.controls.size_edit.setText("5x5")
    assert view.current is None and view.error
    assert not view.controls.export_button.isEnabled()
    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.controls.size_edit.setText("2000x1200")
    assert view.current is not None and not view.controls.shop_button.isHidden()


def test_controls_fit_a_1366_screen_with_custom_size_and_tiling(view, qtbot):
    from board_app.ui.board.board_view import CUSTOM

    view.controls.template_combo.setCurrentIndex(view.controls.template_combo.findData(CUSTOM))
    view.controls.size_edit.setText("2000x1200")
    view.show()
    qtbot.wait(50)
    assert view.controls.size_edit.isVisible() and view.controls.tile_combo.isVisible()
    # one row of every control was wider than a 1366×768 screen and pushed the window off it
    assert view.minimumSizeHint().width() <= 1366 - 16
    fm = view.controls.size_edit.fontMetrics()
    assert view.controls.size_edit.width() >= fm.horizontalAdvance("2000x1200") + 8


def test_export_refuses_the_programs_own_files(view, board_services, message_boxes, tmp_path):
    """The save dialog's choice passes the output guard: the database is never overwritten."""
    db = Path(board_services.path)
    before = db.stat().st_size
    assert view.export_pdf(db) is None
    assert view.export_pdf(db.parent / "backups" / "copy.pdf") is None
    assert db.stat().st_size == before and db.read_bytes()[:16] == b"SQLite format 3\x00"
    warnings = " ".join(message_boxes.texts("warning"))
    assert "当前打开的数据库" in warnings and "备份文件夹" in warnings
    assert not (db.parent / "backups" / "copy.pdf").exists()


def test_a_change_made_just_before_leaving_the_page_renders_when_it_is_shown(view, qtbot):
    view.controls.audience.setCurrentIndex(view.controls.audience.findData("party"))
    view.hide()
    view.render_now()  # the debounce ran out while the page was hidden: nothing rendered
    assert view.current.options.audience == "public"
    with qtbot.waitSignal(view.rendered, timeout=15000):
        view.show()
    assert view.current.options.audience == "party"
