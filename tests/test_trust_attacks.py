"""Attacks on issue 9 found after the first hardening: each test is one class of input."""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from board_app.domain.masking import mask_text

ID18 = "11010519491231002X"
MOBILE = "13812345678"
CARD = "6222021234567894"  # Luhn-valid


def _readable(masked: str, number: str) -> bool:
    """Whether ``number`` can be read from ``masked`` (digits of any script, in order)."""
    digits = []
    for ch in masked:
        value = unicodedata.digit(ch, None)
        if ch in "〇○◯零":
            value = 0
        digits.append(str(value) if value is not None else ("X" if ch in "Xx" else ""))
    return number in "".join(digits)


def _grouped(number: str, sizes: list[int], sep: str) -> str:
    parts, pos = [], 0
    for size in sizes:
        parts.append(number[pos : pos + size])
        pos += size
    return sep.join(parts + ([number[pos:]] if pos < len(number) else []))


@pytest.mark.parametrize(
    ("number", "text"),
    [
        # more than four separator characters between groups
        (ID18, _grouped(ID18, [6, 8], " - - ")),
        (MOBILE, _grouped(MOBILE, [3, 4], "\u200b" * 6)),
        (CARD, _grouped(CARD, [4, 4, 4], "     ")),
        # combining marks after every digit
        (ID18, "\u0301".join(ID18)),
        (MOBILE, "\u20e3".join(MOBILE)),
        # ○ typed for 〇, superscript and circled digits
        (MOBILE, "幺三八幺二三四五六七八"),
        ("110105194912310021", "一一○一○五一九四九一二三一○○二一"),
        (MOBILE, "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(c)] for c in MOBILE)),
        (CARD, "".join("⓪①②③④⑤⑥⑦⑧⑨"[int(c)] for c in CARD)),
        # unusual punctuation between the groups
        (ID18, _grouped(ID18, [6, 8], "，")),
        (ID18, _grouped(ID18, [6, 4, 4], "、")),
        (MOBILE, _grouped(MOBILE, [3, 4], ":")),
        (MOBILE, "0086；" + _grouped(MOBILE, [3, 4], "；")),
        (CARD, _grouped(CARD, [4, 4, 4], "|")),
        (CARD, _grouped(CARD, [6, 6], "~")),
        ("623933633875004743", "623933:633875:004743"),
        (MOBILE, "１３８ｰ１２３４ｰ５６７８"),
        (MOBILE, "138ー1234ー5678"),
        ("62192544992070741", "621:925:449:920:707:41"),
    ],
)
def test_odd_forms_of_personal_numbers_are_masked(number: str, text: str) -> None:
    assert not _readable(mask_text(text), number), (text, mask_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "补助标准1200、1500、3000、4500元",
        "1200，1500，3000，4500",
        "合计：1,234,567.89元；其中 3,000.00 元",
        "10:30—11:30",
        "电话：0531－88881234；0531-88885678",
        "第1、2、3、4、5、6、7、8、9、10、11、12项",
        "二〇二六年九月十二日",
        "0531-88881234     0531-88885678",
        "20260701～20260731、2026-07-01～2026-07-31",
    ],
)
def test_lists_of_amounts_and_times_stay_readable(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize("suffix", [".lock", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("link", ["hard", "symlink"])
def test_outputs_refused_on_sidecars_of_other_names_of_the_database(
    tmp_path: Path, suffix: str, link: str
) -> None:
    """The lock and working files of the same database under another name are protected."""
    from board_app.services.output_guard import ProtectedFileError, ProtectedFiles

    original = tmp_path / "村账.db"
    original.write_bytes(b"SQLite format 3\x00")
    other = tmp_path / "link.pdf"
    if link == "hard":
        os.link(original, other)
    else:
        other.symlink_to(original)
    for opened, target in ((other, original), (original, other)):
        guard = ProtectedFiles.for_database(opened)
        with pytest.raises(ProtectedFileError):
            guard.check(target.with_name(target.name + suffix))
    ProtectedFiles.for_database(other).check(tmp_path / "公开栏.pdf")


_DOC = {
    "format": "board-app.items/1",
    "organization": {"name": "攻击村", "kind": "village_committee"},
    "items": [
        {
            "title": "测试事项",
            "publication_type": "periodic",
            "domain": "village",
            "category": "财务",
            "status": "published",
            "publish_date": "2026-07-05",
            "period": "2026-Q3",
            "body": "正文",
        }
    ],
}


def test_duplicate_format_key_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A repeated key is refused naming the key, also when it is the format key itself."""
    from board_app.cli import main

    raw = json.dumps(_DOC, ensure_ascii=False)
    path = tmp_path / "dup.json"
    path.write_text('{"format": "x", ' + raw[1:], encoding="utf-8")
    assert main(["--db", str(tmp_path / "d.sqlite3"), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "format" in err and "x”" not in err


def test_full_width_letters_in_periods_are_read_as_ascii(tmp_path: Path) -> None:
    from board_app.cli import main

    doc = json.loads(json.dumps(_DOC))
    doc["items"][0]["period"] = "２０２６－Ｑ３"
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "d.sqlite3"
    assert main(["--db", str(db), "import", str(path)]) == 0
    with sqlite3.connect(db) as con:
        assert con.execute("select period from item").fetchall() == [("2026-Q3",)]


def test_office_landline_next_to_a_mobile_stays_readable() -> None:
    """A landline in one chain with a personal number is not masked as a long doubtful run."""
    text = "办公电话 0531-88881234   13812345678"
    assert mask_text(text) == "办公电话 0531-88881234   138****5678"
    assert mask_text("0531-8888 1234 / 13812345678") == "0531-8888 1234 / 138****5678"


@pytest.mark.parametrize("command", [["check"], ["list", "--org", "某村"]])
def test_refused_database_file_gets_no_lock_file(tmp_path: Path, command: list[str]) -> None:
    """--db naming a file that is no database: exit 3 and nothing created beside it."""
    from board_app.cli import main

    junk = tmp_path / "notes.db"
    junk.write_text("not a database", encoding="utf-8")
    assert main(["--db", str(junk), *command]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_allowed_public_number_does_not_unmask_others_in_the_text() -> None:
    text = "监督 13800001111，户主 110105，19491231，0021"
    masked = mask_text(text, ["13800001111"])
    assert "13800001111" in masked
    assert not _readable(masked, "110105194912310021")


def test_huge_values_are_not_echoed_whole(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from board_app.cli import main

    doc = json.loads(json.dumps(_DOC))
    doc["items"][0]["number"] = "2026-" + "9" * 5000
    doc["items"][0]["period"] = "9" * 5000 + "-Q3"
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(tmp_path / "d.sqlite3"), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "period" in err and "number" in err
    assert max(len(line) for line in err.splitlines()) <= 400
