"""The 回音壁 section: posted replies on a board, off by default, never a submitter's data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord, ReplyMethod
from board_app.services.boards import PosterOptions, make_poster

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines

NAME = "王𠮷堃"
ID_NUMBER = "110105194912310021"
PHONE = "13812345678"


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def posted(services, party_org):
    """A reply whose every text names the submitter, their ID and phone."""
    fb = services.feedback
    rec = fb.add(
        FeedbackRecord(
            organization_id=party_org.id,
            received=date(2026, 11, 16),
            channel=Channel.LETTER,
            kind=FeedbackKind.QUESTION,
            content=f"我是{NAME}，身份证{ID_NUMBER}，电话{PHONE}，党费标准怎么定的？",
            submitter=NAME,
            contact=PHONE,
        )
    ).record
    return fb.reply(
        rec.id,
        text=f"{NAME}同志（{PHONE}，{ID_NUMBER}）：党费按月收入比例缴纳，详见党费收缴公示。",
        on=date(2026, 11, 18),
        by="支部书记",
        method=ReplyMethod.PUBLIC,
        public_summary=f"{NAME}（身份证 {ID_NUMBER}，手机 {PHONE}）询问党费缴纳标准",
        post_from=date(2026, 11, 18),
    )


def enable_board(services, org) -> None:
    settings = services.feedback.settings(org.id)
    settings.board_enabled = True
    services.feedback.save_settings(settings)


def test_reply_section_is_off_by_default(services, party_org, posted, tmp_path):
    out = tmp_path / "board.pdf"
    make_poster(services.repo, party_org.name, PosterOptions(on=date(2026, 11, 20)), out)
    text = pdf_text(out)
    assert "回音壁" not in text and "党费缴纳标准" not in text


def test_posted_reply_is_on_the_board_without_the_submitter(services, party_org, posted, tmp_path):
    enable_board(services, party_org)
    out = tmp_path / "board.pdf"
    make_poster(services.repo, party_org.name, PosterOptions(on=date(2026, 11, 20)), out)
    text = pdf_text(out).replace("\n", "")
    assert "回音壁（意见回复）" in text
    assert "党费缴纳标准" in text and "党费按月收入比例缴纳" in text
    assert text.index("即时公开") < text.index("回音壁")
    for secret in (NAME, ID_NUMBER, PHONE, PHONE[3:7] + PHONE[7:], "𠮷堃"):
        assert secret not in text
    # The same in the archive-free preview path used by the desktop app.
    from board_app.services.boards import render_poster_bytes

    data, _result = render_poster_bytes(
        services.repo, party_org.name, PosterOptions(on=date(2026, 11, 20))
    )
    (tmp_path / "preview.pdf").write_bytes(data)
    preview = pdf_text(tmp_path / "preview.pdf")
    assert "党费缴纳标准" in preview and NAME not in preview and PHONE not in preview


def test_reply_leaves_the_board_after_the_display_days(services, party_org, posted, tmp_path):
    enable_board(services, party_org)
    last = date(2026, 11, 18).toordinal() + party_org.display_days
    out = tmp_path / "later.pdf"
    make_poster(services.repo, party_org.name, PosterOptions(on=date.fromordinal(last + 1)), out)
    assert "党费缴纳标准" not in pdf_text(out)
    make_poster(services.repo, party_org.name, PosterOptions(on=date(2026, 11, 17)), out)
    assert "党费缴纳标准" not in pdf_text(out)  # before it went up


def test_taking_a_reply_off_the_board(services, party_org, posted, tmp_path):
    enable_board(services, party_org)
    services.feedback.post(posted.id, summary=posted.public_summary, on=None)
    out = tmp_path / "board.pdf"
    make_poster(services.repo, party_org.name, PosterOptions(on=date(2026, 11, 20)), out)
    assert "党费缴纳标准" not in pdf_text(out)
