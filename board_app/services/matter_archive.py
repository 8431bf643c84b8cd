"""The 四议两公开 record in the archive: a matter and its sheet are filed with its 决议公开.

The 决议公开 item's 件 carries the matter as its 附件 (the record sheet: meetings, tallies,
signature lines) and its "两公开" table lists both disclosures with their 公开编号 and dates, so the
matter, its sheet and its disclosures make one 件. The 实施结果公开 item's 件 names the matter and
the 决议公开 it follows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from board_app.domain.ids import stored_id
from board_app.domain.items import Item
from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.services.context import Services


def archive_extras(
    services: Services, item: Item, width: float
) -> tuple[list[tuple[str, str]], list[str], list[Any]]:
    """(facts, remarks, attachment flowables) the archive adds to an item's 件."""
    if item.id is None:
        return [], [], []
    matter = services.matters.for_item(item.id)
    if matter is None:
        return [], [], []
    facts = [(_("Four deliberations matter"), matter.title)]
    if matter.result_item_id == item.id:
        if matter.resolution_item_id is not None:
            first = services.items.get(matter.resolution_item_id)
            facts.append((_("Resolution disclosure"), first.number or first.title))
        return facts, [_("Result disclosure")], []
    from board_app.render.matter_sheet import sheet_flowables
    from board_app.services.matter_paper import sheet_data

    return (
        facts,
        [_("With the four deliberations record")],
        sheet_flowables(
            sheet_data(services, stored_id(matter.id)),
            width,
        ),
    )
