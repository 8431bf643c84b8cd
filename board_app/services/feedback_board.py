"""The 回音壁 (replies to opinions) on a board: posted replies as board entries.

A reply is on the board of date D when the organization has the 回音壁 switched on, the record
is replied or closed, and D lies between its first day on the board and that day plus the
organization's display days (the rule of immediate items). Every text is scrubbed of the
submitter's name and contact and then masked (``masking.mask_text``) before it becomes an
entry, so neither can reach a board; the layout masks once more.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from board_app.domain.dates import add_days
from board_app.domain.feedback import (
    FEEDBACK_SECTION,
    FeedbackRecord,
    PublicReply,
    label,
    on_board,
    public_reply,
)
from board_app.domain.items import Item, Organization, PublicationType, Status
from board_app.domain.masking import mask_text
from board_app.i18n import _
from board_app.layout.poster_items import format_date

if TYPE_CHECKING:
    from board_app.services.boards import PosterSource
    from board_app.storage.repository import Repository

_NO_SNAPSHOT = object()


def reply_entry(reply: PublicReply) -> Item:
    """A posted reply as a board entry: the question as title, the dated answer as body."""
    return Item(
        title=_("[{kind}] {question}").format(kind=label(reply.kind), question=reply.question),
        body=_("Reply ({date}): {answer}").format(
            date=format_date(reply.reply_date), answer=reply.answer
        ),
        publication_type=PublicationType.IMMEDIATE,
        publish_date=reply.post_from,
        status=Status.PUBLISHED,
    )


def board_entries(org: Organization, records: list[FeedbackRecord], on: date) -> list[Item]:
    """The entries of the 回音壁 on ``on`` from the organization's posted records."""
    allowed = tuple(org.public_numbers)
    shown = [r for r in records if on_board(r, on, org.display_days)]
    shown.sort(key=lambda r: (r.post_from, r.number), reverse=True)
    return [reply_entry(public_reply(r, mask_text, allowed)) for r in shown]


def posted_records(repo: PosterSource, org: Organization, on: date) -> list[FeedbackRecord] | None:
    """Posted records that may be up on ``on``; None when the organization's 回音壁 is off.

    ``repo`` is the repository, or a snapshot that carries ``feedback_records`` (read on the
    UI thread; None there means the 回音壁 is off); any other object has no 回音壁.
    """
    snapshot = getattr(repo, "feedback_records", _NO_SNAPSHOT)
    if snapshot is not _NO_SNAPSHOT:  # a snapshot's records (None: its 回音壁 is off)
        return cast("list[FeedbackRecord] | None", snapshot)
    if not hasattr(repo, "database"):
        return None  # a stand-in without the feedback tables (e.g. a test double)
    from board_app.storage.feedback_repository import FeedbackStore

    store = FeedbackStore(cast("Repository", repo))  # a source with a database is the repository
    if org.id is None or not store.settings(org.id).board_enabled:
        return None
    return store.posted(org.id, add_days(on, -max(0, org.display_days)))


def board_sections(repo: PosterSource, org: Organization, on: date) -> dict[str, list[Item]]:
    """``{FEEDBACK_SECTION: entries}`` when the board has replies to show, else ``{}``."""
    records = posted_records(repo, org, on)
    if not records:
        return {}
    entries = board_entries(org, records, on)
    return {FEEDBACK_SECTION: entries} if entries else {}
