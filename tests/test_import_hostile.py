"""Hostile import files: every class is refused with exit 2 and a clear place, nothing written.

One rule per class (docs/interchange-format.md): full-width digits from Chinese input methods
are read as ASCII, every other script's digits are refused; dates are YYYY-MM-DD only; keys given
twice, numbers the format never holds, broken characters, deep nesting and replacement cycles
are refused; sizes no real record reaches are refused. A hypothesis fuzz test puts random JSON
values into every key: the outcome is success or a refusal, never a crash.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board_app.cli import main
from board_app.errors import BoardAppError
from board_app.services.context import open_services
from board_app.services.interchange_parse import IMAGE_KEYS, ITEM_KEYS, LEDGER_KEYS, ORG_KEYS

DATA = Path(__file__).resolve().parent / "data"


def _doc() -> dict:
    return json.loads((DATA / "sample-items.json").read_text(encoding="utf-8"))


def _dump(db: Path) -> list[str]:
    if not db.exists():
        return []
    con = sqlite3.connect(db)
    try:
        return [line for line in con.iterdump() if "sqlite_stat" not in line]
    finally:
        con.close()


def _periodic(doc: dict) -> dict:
    return next(i for i in doc["items"] if i.get("ledger"))


def _with(change, *, escaped: bool = False) -> str:
    doc = _doc()
    change(doc)
    return json.dumps(doc, ensure_ascii=escaped)


HOSTILE: dict[str, tuple[str, str]] = {
    "huge float": (
        _with(lambda d: d["organization"].update(display_days=1)).replace(
            '"display_days": 1', '"display_days": 1e30'
        ),
        "display_days",
    ),
    "5000-digit integer": (
        _with(lambda d: d["organization"].update(display_days=1)).replace(
            '"display_days": 1', '"display_days": ' + "9" * 5000
        ),
        "display_days",
    ),
    "NaN": (
        _with(lambda d: d["organization"].update(display_days=1)).replace(
            '"display_days": 1', '"display_days": NaN'
        ),
        "display_days",
    ),
    "nested 100k deep": (
        '{"format": "board-app.items/1", "items": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "500",
    ),
    "lone surrogate": (
        _with(lambda d: d["items"][0].update(title="通知\ud800"), escaped=True),
        "U+D800",
    ),
    "NUL in a title": (_with(lambda d: d["items"][0].update(title="通知\u0000")), "U+0000"),
    "superscript digits in number": (
        _with(lambda d: d["items"][0].update(number="2026-¹²")),
        "number",
    ),
    "superscript digits in replaces": (
        _with(lambda d: d["items"][0].update(replaces="2026-¹")),
        "replaces",
    ),
    "Arabic-Indic digits in an amount": (
        _with(lambda d: _periodic(d)["ledger"][0].update(income="١٢٠٠.٠٠")),
        "income",
    ),
    "Arabic-Indic digits in a period": (
        _with(lambda d: _periodic(d).update(period="٢٠٢٦-Q3")),
        "period",
    ),
    "compact date": (
        _with(lambda d: d["items"][0].update(publish_date="20260105")),
        "publish_date",
    ),
    "week date": (_with(lambda d: d["items"][0].update(publish_date="2026-W01-1")), "publish_date"),
    "duplicate key": (
        _with(lambda d: None).replace('"title":', '"title": "甲", "title":', 1),
        "重复出现",
    ),
    "replaces itself": (
        _with(lambda d: d["items"][0].update(number="2026-001", replaces="2026-001")),
        "replaces",
    ),
    "replacement cycle": (
        _with(
            lambda d: (
                d["items"][0].update(number="2026-001", replaces="2026-002"),
                d["items"][1].update(number="2026-002", replaces="2026-001"),
            )
        ),
        "循环",
    ),
    "NUL in an image path": (
        _with(lambda d: d["items"][0].update(images=[{"path": "a\u0000.jpg"}])),
        "U+0000",
    ),
    "300-byte image name": (
        _with(lambda d: d["items"][0].update(images=[{"path": "图" * 100 + ".jpg"}])),
        "255",
    ),
    "600-character title": (_with(lambda d: d["items"][0].update(title="长" * 600)), "200"),
    "60,000-character body": (_with(lambda d: d["items"][0].update(body="字" * 60_000)), "50000"),
    "2,001 ledger rows": (
        _with(
            lambda d: _periodic(d).update(
                ledger=[{"date": "2026-07-01", "summary": "x", "income": "1.00"}] * 2001
            )
        ),
        "2000",
    ),
    "display days of 10 years and more": (
        _with(lambda d: d["organization"].update(display_days=99999)),
        "display_days",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_and_nothing_is_written(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = HOSTILE[name]
    shutil.copy(DATA / "sample-photo.jpg", tmp_path / "sample-photo.jpg")
    db = tmp_path / "office.sqlite3"
    assert main(["--db", str(db), "import", str(DATA / "sample-items.json")]) in (0, 2)
    before = _dump(db)
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert expected in err.replace(",", ""), err[:2000]
    assert _dump(db) == before


def test_full_width_digits_are_read_as_ascii(tmp_path: Path) -> None:
    doc = _doc()
    item = _periodic(doc)
    item["ledger"][0]["income"] = "１２００．５０"
    item["period"] = "２０２６-Q3"
    item["publish_date"] = "２０２６－１０－０９"
    item["number"] = "２０２６－７"
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    shutil.copy(DATA / "sample-photo.jpg", tmp_path / "sample-photo.jpg")
    with open_services(tmp_path / "o.sqlite3") as services:
        report = services.interchange.import_file(path)
        stored = (
            services.items.get(report.added[-1].id) if hasattr(report.added[-1], "id") else None
        )
        items = services.items.all_for(services.orgs.by_name(doc["organization"]["name"]).id)
    periodic = next(i for i in items if i.ledger)
    assert str(periodic.ledger[0].income) == "1200.50"
    assert periodic.period == "2026-Q3" and periodic.number == "2026-007"
    assert periodic.publish_date.isoformat() == "2026-10-09"
    assert stored is None or stored.id


def test_at_most_100_problems_are_listed(tmp_path: Path) -> None:
    doc = _doc()
    doc["items"] = [{"title": "", "publication_type": "nonsense"} for _ in range(80)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with open_services(tmp_path / "o.sqlite3") as services, pytest.raises(BoardAppError) as info:
        services.interchange.import_file(path)
    lines = str(info.value).splitlines()
    assert len([ln for ln in lines if ln.startswith("  - ")]) == 100
    assert "还有 60 个问题" in lines[-1]


# ----- fuzz: random JSON values in every key ------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "2026-Q3",
            "2026-13",
            "２０２６",
            "1e30",
            "-0",
            "١٢",
            "2026-001",
            "\ud800",
            "\u0000",
            "𠮷" * 5,
            "../x.jpg",
            "/etc/passwd",
            "..",
            "a" * 300,
        ]
    ),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
_places = st.sampled_from(
    [("organization", k) for k in sorted(ORG_KEYS)]
    + [("item", k) for k in sorted(ITEM_KEYS)]
    + [("ledger", k) for k in sorted(LEDGER_KEYS)]
    + [("image", k) for k in sorted(IMAGE_KEYS)]
    + [("top", k) for k in ("format", "organization", "items", "extra")]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(_places, _values), min_size=1, max_size=4))
def test_fuzz_every_key_never_crashes(changes) -> None:
    doc = _doc()
    item = _periodic(doc)
    item["images"] = [{"path": "sample-photo.jpg", "caption": "照片"}]
    targets = {
        "organization": doc["organization"],
        "item": item,
        "ledger": item["ledger"][0],
        "image": item["images"][0],
        "top": doc,
    }
    for (where, key), value in changes:
        targets[where][key] = value
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        shutil.copy(DATA / "sample-photo.jpg", base / "sample-photo.jpg")
        path = base / "fuzz.json"
        path.write_text(json.dumps(doc, ensure_ascii=True, allow_nan=True), encoding="utf-8")
        with open_services(base / "o.sqlite3") as services:
            try:
                services.interchange.import_file(path)
            except BoardAppError as exc:
                assert exc.exit_code == 2, str(exc)
