"""The year's feedback register as an archive 件: unmasked, numbered in the item sequence."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from support import category_id, publish_item

from board_app.domain.feedback import BoxOpening, Channel, FeedbackKind, FeedbackRecord
from board_app.domain.items import Item, PublicationType, Retention
from board_app.services.archive import build_archive
from board_app.services.feedback_archive import build_register

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines


def test_register_is_unmasked_and_takes_the_next_item_number(services, party_org, tmp_path):
    fb = services.feedback
    opening = fb.add_opening(BoxOpening(party_org.id, date(2026, 11, 16), "张三", "李四", 1))
    fb.add(
        FeedbackRecord(
            organization_id=party_org.id,
            received=date(2026, 11, 16),
            channel=Channel.BOX,
            kind=FeedbackKind.COMPLAINT,
            content="党费收缴不透明",
            submitter="王𠮷堃",
            contact="13812345678",
            opening_id=opening.id,
        )
    )
    cat = category_id(services, party_org, "三会一课")
    for k, on in enumerate((date(2026, 3, 5), date(2026, 6, 5))):
        publish_item(
            services,
            Item(
                organization_id=party_org.id,
                title=f"会议{k}",
                publication_type=PublicationType.PERIODIC,
                category_id=cat,
                period=f"2026-Q{k + 1}",
            ),
            on,
        )
    build_archive(
        services,
        party_org.name,
        2026,
        retention=Retention.Y30,
        out=tmp_path / "a.pdf",
        deterministic=True,
    )
    settings = fb.settings(party_org.id)
    assert settings.retention == "10年"  # the default
    settings.retention = "30年"
    fb.save_settings(settings)
    result = build_register(
        services, party_org.name, 2026, tmp_path / "register.pdf", deterministic=True
    )
    assert result.retention is Retention.Y30 and result.seq == 3
    assert result.archive_no == "J031-WS·2026-D30-0003"
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "register.pdf").pages)
    text = text.replace("\n", "")
    for expected in (
        "王𠮷堃",
        "13812345678",
        "党费收缴不透明",
        "张三、李四",
        "J031-WS·2026-D30-0003",
    ):
        assert expected in text
    again = build_register(
        services, party_org.name, 2026, tmp_path / "again.pdf", deterministic=True
    )
    assert again.seq == 3
    # An item archived later is numbered after the register: no 件号 is used twice.
    late = publish_item(
        services,
        Item(
            organization_id=party_org.id,
            title="会议三",
            publication_type=PublicationType.PERIODIC,
            category_id=cat,
            period="2026-Q3",
        ),
        date(2026, 9, 5),
    )
    build_archive(
        services,
        party_org.name,
        2026,
        retention=Retention.Y30,
        out=tmp_path / "b.pdf",
        deterministic=True,
    )
    from board_app.storage.archive_repository import ArchiveStore

    assert ArchiveStore(services.repo).number_of(late.id)[2] == 4
