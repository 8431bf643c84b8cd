"""The window refreshes what an operation changed, not everything (change notices)."""

from __future__ import annotations

from board_app.ui.models.org_tree_model import Node


def counting(monkeypatch, calls: list[str], name: str, obj: object, method: str) -> None:
    original = getattr(obj, method)

    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(obj, method, counted)


def test_an_item_save_refreshes_the_list_but_not_the_unaffected_pages(window, monkeypatch):
    pages = window.pages
    feedback = window.feedback_pages.page
    matters = window.matters_page
    board_pages = window.board_pages
    for page in (board_pages.calendar, board_pages.board, feedback, matters, window.items_page):
        pages.setCurrentWidget(page)  # every page shown once: none is stale now
    calls: list[str] = []
    counting(monkeypatch, calls, "calendar", board_pages.calendar, "refresh")
    counting(monkeypatch, calls, "board", board_pages.board, "refresh")
    counting(monkeypatch, calls, "feedback", feedback, "reload_orgs")
    counting(monkeypatch, calls, "matters", matters, "refresh")
    counting(monkeypatch, calls, "table", window.items_page.model, "reload")
    # switching pages without a change refreshes nothing
    pages.setCurrentWidget(feedback)
    pages.setCurrentWidget(board_pages.calendar)
    pages.setCurrentWidget(window.items_page)
    assert calls == []

    window.items_page.table.selectRow(0)
    item_id = window.items_page.model.item_id(0)
    window.items_page.editor.load_item(item_id)
    window.items_page.editor.form.title_edit.setText("改过的标题")
    if window.items_page.editor.is_read_only():  # a published item: start a revision to edit
        assert window.items_page.editor.steps.revise()
        calls.clear()
        window.items_page.editor.form.title_edit.setText("改过的标题")
    assert window.items_page.editor.save()
    assert calls == ["table"]  # the list now; the other pages wait until shown
    assert "改过的标题" in [row.title for row in window.items_page.model.rows]

    pages.setCurrentWidget(feedback)  # feedback does not show items
    pages.setCurrentWidget(board_pages.calendar)
    pages.setCurrentWidget(board_pages.board)
    pages.setCurrentWidget(matters)
    pages.setCurrentWidget(board_pages.calendar)  # refreshed once, not at every showing
    assert calls == ["table", "calendar", "board", "matters"]


def test_a_catalogue_change_rebuilds_the_tree_and_reaches_the_feedback_page_only_if_concerned(
    window, demo_services, monkeypatch
):
    feedback = window.feedback_pages.page
    for page in (feedback, window.board_pages.calendar, window.items_page):
        window.pages.setCurrentWidget(page)
    calls: list[str] = []
    counting(monkeypatch, calls, "tree", window.items_page.tree_model, "rebuild")
    counting(monkeypatch, calls, "feedback", feedback, "reload_orgs")
    counting(monkeypatch, calls, "calendar", window.board_pages.calendar, "refresh")
    org = demo_services.orgs.all()[0]
    cat = demo_services.orgs.categories(org.id)[0]
    cat.name = "改名的类别"
    demo_services.orgs.save_category(cat)  # as the catalogue dialog does
    window.apply_changes()
    assert calls == ["tree"]
    assert (
        window.items_page.tree_model.find(Node("category", org.id, None, cat.id))
        .text()
        .startswith("改名的类别")
    )
    window.pages.setCurrentWidget(feedback)
    window.pages.setCurrentWidget(window.board_pages.calendar)
    assert calls == ["tree", "calendar"]


def test_settings_make_every_page_refresh_when_shown(window, monkeypatch):
    """Fonts and display days are not records: after Settings every page refreshes again."""
    from PySide6.QtWidgets import QDialog

    from board_app.ui.dialogs.settings_dialog import SettingsDialog

    board = window.board_pages.board
    window.pages.setCurrentWidget(board)
    window.pages.setCurrentWidget(window.items_page)
    assert not window.stale_pages.is_stale(board)
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.files.open_settings()
    assert window.stale_pages.is_stale(board)
