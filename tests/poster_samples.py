"""Sample organizations and items for the poster tests (no database)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from support import FakeRepo

from board_app.domain.items import (
    Category,
    Domain,
    Item,
    ItemImage,
    LedgerRow,
    Organization,
    PublicationType,
    Status,
)

ON = date(2026, 10, 15)
RAW_ID = "420984199003077777"
RAW_PHONE = "13812345678"


def org(**kw: object) -> Organization:
    base = {
        "name": "东风村党支部",
        "id": 1,
        "phone": "0716-3267309",
        "footer_lines": ["地址：仙桃市东风村村委会一楼"],
        "public_numbers": ["0716-3267309"],
    }
    base.update(kw)
    return Organization(**base)  # type: ignore[arg-type]


def categories() -> list[Category]:
    return [
        Category("党组织基本情况", Domain.PARTY, PublicationType.LONG_TERM, id=1, display_order=1),
        Category("党费收缴", Domain.FINANCE, PublicationType.PERIODIC, id=2, display_order=2),
        Category("临时事项", Domain.VILLAGE, PublicationType.IMMEDIATE, id=3, display_order=3),
    ]


def png(width: int = 400, height: int = 240) -> bytes:
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (width, height), (230, 236, 245))
    d = ImageDraw.Draw(im)
    if width > 60 and height > 60:
        d.rectangle([20, 20, width - 20, height - 20], outline=(200, 22, 29), width=6)
        d.line([20, 20, width - 20, height - 20], fill=(31, 78, 153), width=5)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def item(title: str, pt: PublicationType, cat: int, **kw: object) -> Item:
    base = {
        "organization_id": 1,
        "category_id": cat,
        "status": Status.PUBLISHED,
        "publish_date": date(2026, 10, 1),
        "number": "DF-2026-001",
        "responsible": "王建国",
    }
    base.update(kw)
    return Item(title, pt, **base)  # type: ignore[arg-type]


BODY = (
    "按照《中国共产党章程》和《中国共产党党费收缴、使用和管理的规定》，现将本支部2026年第三季度"
    "党费收缴情况公布如下，请全体党员监督。如有疑问，请于公示期内向支部委员会反映。\n\n"
    f"联系人：李红梅，身份证号{RAW_ID}，手机{RAW_PHONE}；办公电话0716-3267309。"
)


def ledger() -> list[LedgerRow]:
    return [
        LedgerRow(date(2026, 7, 5), "记-001", "收取7月党费（共32名党员）", Decimal("960.00")),
        LedgerRow(date(2026, 8, 5), "记-002", "收取8月党费", Decimal("958.50")),
        LedgerRow(date(2026, 9, 12), "记-003", "上缴镇党委党费", Decimal(0), Decimal("1500.00")),
        LedgerRow(
            date(2026, 9, 20),
            "记-004",
            f"购买党建书籍，经办人电话{RAW_PHONE}",
            Decimal(0),
            Decimal("321.00"),
        ),
    ]


def items() -> list[Item]:
    return [
        item(
            "支部委员会组成及分工",
            PublicationType.LONG_TERM,
            1,
            number="DF-2026-001",
            body="书记：张国强，主持支部全面工作。\n\n组织委员：刘芳，负责党员发展与教育管理。"
            "\n\n宣传委员：陈志明，负责宣传思想和精神文明建设。",
        ),
        item(
            "2026年第三季度党费收缴情况",
            PublicationType.PERIODIC,
            2,
            period="2026-Q3",
            number="DF-2026-017",
            body=BODY,
            ledger=ledger(),
            opening_balance=Decimal("2350.00"),
            expire_date=date(2026, 12, 31),
            reviewer="赵明",
            review_date=date(2026, 9, 28),
            images=[
                ItemImage(
                    png(),
                    width=400,
                    height=240,
                    caption=f"党费收据（经办人{RAW_PHONE}）",
                    media_type="image/png",
                )
            ],
        ),
    ]


def sections(its: list[Item] | None = None) -> dict[PublicationType, list[Item]]:
    out: dict[PublicationType, list[Item]] = {pt: [] for pt in PublicationType}
    for it in its if its is not None else items():
        out[it.publication_type].append(it)
    return out


def simple_mask(text: str, allowed: tuple[str, ...] = ()) -> str:
    """A stand-in mask (tests of layout only): hides the sample's raw numbers."""
    return text.replace(RAW_ID, RAW_ID[:6] + "********" + RAW_ID[-4:]).replace(
        RAW_PHONE, RAW_PHONE[:3] + "****" + RAW_PHONE[-4:]
    )


def sample_repo(its: list[Item] | None = None, **org_kw: object) -> FakeRepo:
    """A stand-in repository holding :func:`org` with the sample categories and ``its`` (default:
    :func:`items`)."""
    return FakeRepo(org(**org_kw), items() if its is None else its, categories())
