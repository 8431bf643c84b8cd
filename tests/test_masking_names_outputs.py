"""Names ending in Chinese numerals glued to personal numbers, on every public output.

张三13812345678 used to print as 张********5678 (三 read as a digit): the name damaged. Each
public output is checked through its service: the board (also the township preview, which
renders the same ``render_poster_bytes``), the 回音壁 feedback section, a matter's disclosure on
the board and the Word 公告. The numbers stay masked and the names whole.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from docx import Document
from pypdf import PdfReader
from support import category_id, publish_item

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord, ReplyMethod
from board_app.domain.items import Item, LedgerRow, Organization, OrgKind, PublicationType
from board_app.domain.matters import Matter
from board_app.services.boards import PosterOptions, render_poster_bytes

# typed -> as printed on a public output
PLANTED = {
    "张三13812345678": "张三138****5678",
    "王一110105194912310021": "王一110105********0021",
    "李二6222021234567890": "李二************7890",
    "赵四1三812345678": "赵四1三8****5678",
    "钱五一三九一二三四五六七八": "钱五一三九****五六七八",
    "13712345678三楼": "137****5678三楼",
}
SECRETS = ("13812345678", "110105194912310021", "6222021234567890", "13912345678")
ON = date(2026, 11, 20)


def board_text(services, org) -> str:
    """The public board of ``org`` as the township preview and the desktop app render it."""
    data, _result = render_poster_bytes(services.repo, org.name, PosterOptions(on=ON))
    pages = PdfReader(io.BytesIO(data)).pages
    return "".join(page.extract_text() for page in pages).replace("\n", "")


def assert_masked(text: str, typed: list[str]) -> None:
    for raw in typed:
        assert PLANTED[raw] in text, f"{PLANTED[raw]!r} missing"
    for secret in SECRETS:
        assert secret not in text


def test_item_fields_on_the_board(services, party_org):
    cat = category_id(services, party_org, "党组织决议")
    publish_item(
        services,
        Item(
            "困难党员慰问 张三13812345678",
            PublicationType.IMMEDIATE,
            organization_id=party_org.id,
            category_id=cat,
            body="慰问对象王一110105194912310021，联系赵四1三812345678。",
            responsible="钱五一三九一二三四五六七八",
            opening_balance=Decimal("0.00"),
            ledger=[
                LedgerRow(date(2026, 11, 2), "记-1", "转入李二6222021234567890", Decimal("500.00"))
            ],
        ),
        date(2026, 11, 18),
    )
    text = board_text(services, party_org)
    assert_masked(text, list(PLANTED)[:5])


def test_feedback_reply_on_the_board(services, party_org):
    settings = services.feedback.settings(party_org.id)
    settings.board_enabled = True
    services.feedback.save_settings(settings)
    fb = services.feedback
    rec = fb.add(
        FeedbackRecord(
            organization_id=party_org.id,
            received=date(2026, 11, 16),
            channel=Channel.LETTER,
            kind=FeedbackKind.QUESTION,
            content="张三13812345678问：党费标准怎么定的？",
            submitter="张三",
            contact="13812345678",
        )
    ).record
    fb.reply(
        rec.id,
        text="张三13812345678同志：按月收入比例缴纳；三楼办公室13712345678三楼可问。",
        on=date(2026, 11, 18),
        by="支部书记",
        method=ReplyMethod.PUBLIC,
        public_summary="王一110105194912310021询问党费标准，李二6222021234567890同问",
        post_from=date(2026, 11, 18),
    )
    text = board_text(services, party_org)
    assert "回音壁" in text
    assert_masked(text, ["王一110105194912310021", "李二6222021234567890", "13712345678三楼"])


def test_matter_disclosure_on_the_board(services):
    from test_matters_service import KIND, resolve

    village = services.orgs.create(
        Organization(name="墨黑村村民委员会", kind=OrgKind.VILLAGE_COMMITTEE, phone="0870-6123456")
    )
    matter = services.matters.create(
        Matter(
            title="张三13812345678户危房改造",
            organization_id=village.id,
            kind=KIND,
            proposer="王一110105194912310021",
            budget=Decimal("60000.00"),
        )
    )
    resolve(services, matter.id)
    item = services.matters.disclose_resolution(matter.id, on=date(2026, 11, 16))
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="村务监督委员会", on=date(2026, 11, 16))
    services.items.publish(item.id, on=date(2026, 11, 16))
    text = board_text(services, village)
    assert_masked(text, ["张三13812345678", "王一110105194912310021"])


def test_word_notice(services, party_org, tmp_path):
    cat = services.orgs.categories(party_org.id)[0]
    item = Item(
        "救助发放 张三13812345678",
        PublicationType.IMMEDIATE,
        organization_id=party_org.id,
        category_id=cat.id,
        body="对象王一110105194912310021，卡号李二6222021234567890，赵四1三812345678。",
    )
    services.items.save(item)
    doc = Document(str(services.office.write_notice(item.id, tmp_path / "公告.docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert_masked(text, list(PLANTED)[:4])
