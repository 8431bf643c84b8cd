"""A picture printed below 100 dpi is listed in the board page's warnings panel, linked to its
item (the same warning the command prints)."""

from __future__ import annotations

from datetime import date

from poster_samples import ON, categories, item, org, png

from board_app.domain.items import ItemImage, PublicationType
from board_app.domain.rules import BoardSelection
from board_app.layout.poster import build_poster
from board_app.layout.templates import custom_template
from board_app.services.boards import PosterResult
from board_app.ui.board.warnings_panel import WarningsPanel


def test_low_resolution_picture_listed_with_its_item(qtbot) -> None:
    tiny = item(
        "路灯安装",
        PublicationType.PERIODIC,
        2,
        publish_date=date(2026, 10, 1),
        images=[ItemImage(png(12, 9), width=12, height=9, caption="路灯", media_type="image/png")],
    )
    tiny.id = 42
    sections = {pt: [] for pt in PublicationType}
    sections[PublicationType.PERIODIC] = [tiny]
    layout = build_poster(org(), sections, custom_template("A1"), ON, categories=categories())
    result = PosterResult(
        sheets=1, pages_written=1, selection=BoardSelection(sections, []),
        warnings=list(layout.warnings),
    )  # fmt: skip
    panel = WarningsPanel()
    qtbot.addWidget(panel)
    panel.show_result(result, [tiny])
    entries = panel.entries()
    assert any(
        group.startswith("分辨率低于 100 dpi 的照片") and "路灯安装" in text and item_id == 42
        for group, text, item_id in entries
    ), entries
