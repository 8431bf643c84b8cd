"""Sizes no real record reaches: refused at import and in the editor with a message.

A village's longest notice (a 村规民约 or an audit report) is a few thousand characters and its
longest ledger a few hundred rows; the limits leave a wide margin and keep every output (a
board, an archive page, a search) fast and printable.
"""

from __future__ import annotations

TITLE_MAX = 200
BODY_MAX = 50_000
LEDGER_ROWS_MAX = 2_000
IMAGES_MAX = 50
SHORT_TEXT_MAX = 200  # names, numbers, voucher numbers, captions, reasons
OPINION_MAX = 2_000  # review opinion, withdrawal reason
NAME_MAX = 100  # organization and category names
FONDS_CODE_MAX = 10  # 全宗号 such as J031-00127 (DA/T 22-2015)

#: field -> limit, for the text fields of an item.
ITEM_TEXT_LIMITS = {
    "title": TITLE_MAX,
    "body": BODY_MAX,
    "responsible": SHORT_TEXT_MAX,
    "reviewer": SHORT_TEXT_MAX,
    "review_opinion": OPINION_MAX,
    "withdrawn_reason": OPINION_MAX,
}
ROW_TEXT_LIMITS = {"voucher": SHORT_TEXT_MAX, "summary": SHORT_TEXT_MAX * 2}
CAPTION_MAX = SHORT_TEXT_MAX
