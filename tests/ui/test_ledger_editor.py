"""Ledger table editor: cells, paste from spreadsheets, totals."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from board_app.domain.items import LedgerRow
from board_app.ui.editor.ledger_editor import (
    DATE,
    EXPENSE,
    INCOME,
    INVALID_BACKGROUND,
    LedgerEditor,
    parse_amount_text,
    parse_date_text,
)


@pytest.fixture
def ledger(qtbot):
    widget = LedgerEditor()
    qtbot.addWidget(widget)
    return widget


def test_date_and_amount_forms_from_spreadsheets():
    assert parse_date_text("2026/7/5") == date(2026, 7, 5)
    assert parse_date_text("2026-07-05") == date(2026, 7, 5)
    assert parse_date_text("2026年7月5日") == date(2026, 7, 5)
    assert parse_date_text("") is None
    with pytest.raises(ValueError):
        parse_date_text("5/7/2026")
    assert parse_amount_text("1,200.00") == Decimal("1200.00")
    assert parse_amount_text("¥ 1,200.5") == Decimal("1200.50")
    assert parse_amount_text("") == Decimal("0.00")


def test_paste_reads_rows_and_reports_the_rest(ledger):
    text = (
        "日期\t凭证号\t摘要\t收入\t支出\r\n"
        "2026/7/5\t记-01\t收土地承包费\t1,200.00\t\r\n"
        "2026-07-06\t记-02\t购买办公用品\t\t300\r\n"
        "七月\t记-03\t有误的行\t100\t\r\n"
        "2026-07-08\t记-04\t收支都有\t10\t20\r\n"
        "只有一列\r\n"
    )
    added, failures = ledger.paste_text(text)
    assert added == 2
    assert len(failures) == 3
    assert any("七月" in f for f in failures)
    assert ledger.message_label.isVisibleTo(ledger)
    rows = ledger.ledger()
    assert rows == [
        LedgerRow(date(2026, 7, 5), "记-01", "收土地承包费", Decimal("1200.00"), Decimal("0.00")),
        LedgerRow(date(2026, 7, 6), "记-02", "购买办公用品", Decimal("0.00"), Decimal("300.00")),
    ]
    assert ledger.errors() == []


def test_paste_inserts_after_the_current_row(ledger):
    ledger.set_ledger(
        [LedgerRow(date(2026, 7, 1), summary="甲"), LedgerRow(date(2026, 7, 9), summary="丙")]
    )
    ledger.view.setCurrentIndex(ledger.model.index(0, 0))
    added, failures = ledger.paste_text("2026-07-05\t\t乙\t5\t\n")
    assert (added, failures) == (1, [])
    assert [r.summary for r in ledger.ledger()] == ["甲", "乙", "丙"]
    assert not ledger.message_label.isVisibleTo(ledger)


def test_invalid_cells_are_marked_with_a_reason(ledger):
    ledger.add_row()
    model = ledger.model
    assert model.setData(model.index(0, INCOME), "12.345")
    index = model.index(0, INCOME)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == INVALID_BACKGROUND
    assert "12.345" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert len(ledger.errors()) == 1
    model.setData(index, "1,000")
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "1,000.00"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) is None
    # income and expense are exclusive
    model.setData(model.index(0, EXPENSE), "5")
    assert model.cell_error(0, INCOME) and model.cell_error(0, EXPENSE)
    model.setData(model.index(0, EXPENSE), "")
    assert ledger.errors() == []
    model.setData(model.index(0, DATE), "2026/13/40")
    assert model.cell_error(0, DATE)
    model.setData(model.index(0, DATE), "2026/7/5")
    assert model.data(model.index(0, DATE), Qt.ItemDataRole.EditRole) == "2026-07-05"


def test_rows_added_inserted_deleted_and_totals(ledger):
    ledger.set_opening_balance(Decimal("100.00"))
    ledger.paste_text("2026-07-01\t1\t收款\t1000\t\n2026-07-02\t2\t付款\t\t239.50\n")
    model = ledger.model
    assert model.data(model.index(1, 5)) == "860.50"
    income, expense, balance, capital = ledger.totals_text()
    assert "1,000.00" in income
    assert "239.50" in expense
    assert "860.50" in balance and "100.00" in balance
    assert "捌佰陆拾元伍角整" in capital
    ledger.view.setCurrentIndex(model.index(1, 0))
    ledger.insert_row()
    assert model.rowCount() == 3 and ledger.ledger()[1].summary == ""
    ledger.add_row()
    assert model.rowCount() == 4
    ledger.view.clearSelection()
    ledger.view.setCurrentIndex(model.index(3, 0))
    ledger.delete_selected_rows()
    ledger.view.setCurrentIndex(model.index(1, 0))
    ledger.delete_selected_rows()
    assert [r.summary for r in ledger.ledger()] == ["收款", "付款"]
    ledger.view.selectionModel().select(
        model.index(1, 2), ledger.view.selectionModel().SelectionFlag.ClearAndSelect
    )
    ledger.clear_selected_cells()
    assert [r.summary for r in ledger.ledger()] == ["收款", ""]


def test_read_only_ledger_refuses_edits(ledger):
    ledger.set_ledger([LedgerRow(date(2026, 7, 1), summary="甲", income=Decimal("1.00"))])
    ledger.set_read_only(True)
    assert not (ledger.model.flags(ledger.model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable)
    assert not ledger.add_button.isEnabled()
