"""Periods, money and images: the small rules everything else relies on."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from board_app.domain.items import Cadence, DueRule, Item, PublicationType
from board_app.domain.money import MoneyError, format_money, parse_money, to_chinese_capital
from board_app.domain.periods import Period, PeriodError, label_zh
from board_app.errors import UsageError
from board_app.services.images import MAX_SIDE, normalise_image


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_period_bounds(text, start, end):
    p = Period.parse(text)
    assert (p.start, p.end, str(p)) == (start, end, text)


@pytest.mark.parametrize(
    "bad", ["26", "2026-Q5", "2026-13", "2026-H3", "2026Q1", "", "二〇二六", "0226-Q1", "0000"]
)
def test_bad_periods(bad):
    with pytest.raises(PeriodError):
        Period.parse(bad)


def test_next_due_and_labels():
    assert str(Period.parse("2026-Q4").next()) == "2027-Q1"
    assert str(Period.parse("2026-12").next()) == "2027-01"
    assert Period.parse("2026-Q3").due_date(DueRule(1, 10)) == date(2026, 10, 10)
    assert Period.parse("2026-01").due_date(DueRule(1, 31)) == date(2026, 2, 28)
    assert label_zh(Period.parse("2026-Q3")) == "2026年第三季度"
    assert label_zh(Period.parse("2026-H1")) == "2026年上半年"
    assert Period.containing(date(2026, 8, 9), Cadence.QUARTERLY) == Period.parse("2026-Q3")


@pytest.mark.parametrize("bad", ["12,00.0元", "-5", "1.005", "1e3", " ", "¥12", 1.5, None])
def test_money_is_strict(bad):
    with pytest.raises(MoneyError):
        parse_money(bad)


def test_money_format_and_capitals():
    assert parse_money("1200") == Decimal("1200.00")
    assert format_money(Decimal("1234567.8")) == "1,234,567.80"
    cases = {
        "1239.50": "壹仟贰佰叁拾玖元伍角整",
        "0.05": "伍分",
        "100000.00": "壹拾万元整",
        "10001.01": "壹万零壹元零壹分",
        "0": "零元整",
        "348600": "叁拾肆万捌仟陆佰元整",
        "100000000": "壹亿元整",
        "1010": "壹仟零壹拾元整",
    }
    for value, text in cases.items():
        assert to_chinese_capital(Decimal(value)) == text, value


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_money_round_trips(value):
    assert parse_money(f"{value:.2f}") == value


def test_paragraphs():
    item = Item(
        title="t",
        publication_type=PublicationType.LONG_TERM,
        body="第一段第一行\n第一段第二行\n\n\n第二段\r\n\r\nEnglish line\nnext",
    )
    assert item.paragraphs() == ["第一段第一行第一段第二行", "第二段", "English line next"]


def _encode(img: Image.Image, fmt: str, **kw) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **kw)
    return out.getvalue()


def test_exif_orientation_applied():
    img = Image.new("RGB", (200, 100), "red")
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90
    result = normalise_image(_encode(img, "JPEG", exif=exif), name="rot.jpg")
    assert (result.width, result.height) == (100, 200)


@pytest.mark.parametrize("mode", ["CMYK", "P", "RGBA", "LA", "L"])
def test_colour_modes_become_rgb_jpeg(mode):
    img = Image.new(mode, (50, 40))
    fmt = "TIFF" if mode == "CMYK" else "PNG"
    result = normalise_image(_encode(img, fmt), name=f"x.{fmt.lower()}")
    decoded = Image.open(io.BytesIO(result.data))
    assert decoded.mode == "RGB" and decoded.format == "JPEG"


def test_large_images_are_scaled_down():
    result = normalise_image(_encode(Image.new("RGB", (5000, 1000)), "PNG"), name="wide.png")
    assert max(result.width, result.height) == MAX_SIDE


def test_webp_and_bmp_accepted():
    for fmt in ("WEBP", "BMP"):
        assert normalise_image(_encode(Image.new("RGB", (20, 20)), fmt), name="a").width == 20


def test_undecodable_and_bombs_are_refused():
    with pytest.raises(UsageError) as info:
        normalise_image(b"not an image", name="坏图.jpg")
    assert "坏图.jpg" in str(info.value)
    bomb = _encode(Image.new("1", (12000, 12000)), "PNG")
    with pytest.raises(UsageError) as info:
        normalise_image(bomb, name="bomb.png")
    assert "bomb.png" in str(info.value)


def test_last_database_is_used_only_while_it_exists(tmp_path, monkeypatch):
    from board_app import paths, settings

    monkeypatch.setattr(paths, "default_database", lambda: tmp_path / "default.sqlite3")
    last = tmp_path / "office.sqlite3"
    last.write_bytes(b"")
    settings.remember_database(last)
    assert settings.resolve_database(None) == last.resolve()
    last.unlink()
    assert settings.resolve_database(None) == tmp_path / "default.sqlite3"
