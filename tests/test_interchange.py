"""JSON import/export: every kind of bad input is refused whole; round trips are exact."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image
from support import dump_rows

from board_app.domain.items import Status
from board_app.errors import UsageError, ValidationError

# storage and services on SQLite and on PostgreSQL (tests/conftest.py: both_engines)
pytestmark = pytest.mark.both_engines

SAMPLE = Path(__file__).resolve().parent / "data" / "sample-items.json"


def dump(services) -> list[str]:
    """Every row of the database, to prove nothing changed."""
    return dump_rows(services)


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    (folder / "items.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    Image.new("RGB", (40, 30), (200, 0, 0)).save(folder / "sample-photo.jpg")
    return folder


def write(folder: Path, data: object, name: str = "bad.json") -> Path:
    path = folder / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def base(sample_dir: Path) -> dict:
    return json.loads((sample_dir / "items.json").read_text(encoding="utf-8"))


def test_sample_imports_and_second_import_adds_nothing(services, sample_dir):
    report = services.interchange.import_file(sample_dir / "items.json")
    assert report.organization_created and len(report.added) == 4
    again = services.interchange.import_file(sample_dir / "items.json")
    assert again.added == [] and len(again.skipped) == 4
    org = services.orgs.by_name("示例镇东风村党支部")
    items = services.items.all_for(org.id)
    assert len(items) == 4
    published = [i for i in items if i.status is Status.PUBLISHED]
    assert sorted(i.number for i in published) == ["2026-001", "2026-002", "2026-003"]
    ledger_item = next(i for i in items if i.ledger)
    assert str(ledger_item.ledger[2].income) == "415.50"
    assert next(i for i in items if i.images).images[0].caption == "支部党员大会"


def test_bom_is_accepted(services, sample_dir):
    path = sample_dir / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (sample_dir / "items.json").read_bytes())
    assert len(services.interchange.import_file(path).added) == 4


def test_dry_run_writes_nothing(services, sample_dir):
    before = dump(services)
    report = services.interchange.import_file(sample_dir / "items.json", dry_run=True)
    assert len(report.added) == 4 and report.dry_run
    assert dump(services) == before


def _mutations():
    def item0(d, **kw):
        d["items"][1].update(kw)
        return d

    def ledger(d, **kw):
        d["items"][1]["ledger"][0].update(kw)
        return d

    return {
        "unknown key": (lambda d: item0(d, colour="red"), "colour"),
        "missing title": (lambda d: (d["items"][1].pop("title"), d)[1], "title"),
        "unknown type": (lambda d: item0(d, publication_type="weekly"), "publication_type"),
        "impossible date": (lambda d: item0(d, publish_date="2026-02-30"), "2026-02-30"),
        "end before start": (lambda d: item0(d, expire_date="2026-01-01"), "expire_date"),
        "bad money separators": (lambda d: ledger(d, income="12,00.0元"), "12,00.0元"),
        "negative money": (lambda d: ledger(d, income="-5.00"), "-5.00"),
        "three decimals": (lambda d: ledger(d, income="1.005"), "1.005"),
        "money as number": (lambda d: ledger(d, income=12.5), "income"),
        "income and expense": (lambda d: ledger(d, income="1.00", expense="2.00"), "income"),
        "missing image": (
            lambda d: item0(d, images=[{"path": "nope.jpg", "caption": "x"}]),
            "nope.jpg",
        ),
        "wrong version": (lambda d: {**d, "format": "board-app.items/2"}, "board-app.items/2"),
        "period on long-term": (lambda d: (d["items"][0].update(period="2026"), d)[1], "period"),
        "periodic without period": (lambda d: (d["items"][1].pop("period"), d)[1], "period"),
        "published without date": (
            lambda d: (d["items"][0].pop("publish_date"), d)[1],
            "publish_date",
        ),
        "duplicate in file": (lambda d: {**d, "items": d["items"] + [d["items"][0]]}, "同一事项"),
        "unknown top key": (lambda d: {**d, "extra": 1}, "extra"),
    }


@pytest.mark.parametrize("case", sorted(_mutations()))
def test_bad_input_is_refused_and_nothing_written(services, sample_dir, case):
    mutate, expected = _mutations()[case]
    data = mutate(copy.deepcopy(base(sample_dir)))
    path = write(sample_dir, data)
    before = dump(services)
    with pytest.raises((ValidationError, UsageError)) as info:
        services.interchange.import_file(path)
    message = str(info.value)
    assert expected in message
    assert "bad.json" in message or "第" in message
    assert dump(services) == before


@pytest.mark.parametrize(
    "text", ["", "{", '{"format": "board-app.items/1", "items": [', "[1, 2]", "\x00\x01"]
)
def test_malformed_or_truncated_json(services, sample_dir, text):
    path = write(sample_dir, text)
    before = dump(services)
    with pytest.raises(UsageError) as info:
        services.interchange.import_file(path)
    assert str(path) in str(info.value)
    assert dump(services) == before


def test_undecodable_image_is_refused(services, sample_dir):
    (sample_dir / "broken.jpg").write_bytes(b"not an image at all")
    data = base(sample_dir)
    data["items"][2]["images"] = [{"path": "broken.jpg", "caption": "坏图"}]
    before = dump(services)
    with pytest.raises(ValidationError) as info:
        services.interchange.import_file(write(sample_dir, data))
    assert "broken.jpg" in str(info.value) and "关于接收王某某" in str(info.value)
    assert dump(services) == before


def test_every_problem_is_listed(services, sample_dir):
    data = base(sample_dir)
    data["items"][0]["colour"] = 1
    data["items"][1]["ledger"][0]["income"] = "-1"
    data["items"][2]["publish_date"] = "2026-13-01"
    with pytest.raises(ValidationError) as info:
        services.interchange.import_file(write(sample_dir, data))
    assert len(info.value.problems) == 3


def test_conflict_lists_differing_fields(services, sample_dir):
    services.interchange.import_file(sample_dir / "items.json")
    data = base(sample_dir)
    data["items"][0]["body"] = "改动后的正文"
    data["items"][0]["responsible"] = "别人"
    before = dump(services)
    with pytest.raises(ValidationError) as info:
        services.interchange.import_file(write(sample_dir, data))
    assert "body" in str(info.value) and "responsible" in str(info.value)
    assert dump(services) == before


def test_number_clash_and_kept_numbers(services, sample_dir):
    data = base(sample_dir)
    data["items"][0]["number"] = "2026-050"
    services.interchange.import_file(write(sample_dir, data, "n.json"))
    org = services.orgs.by_name("示例镇东风村党支部")
    numbers = sorted(i.number for i in services.items.all_for(org.id) if i.number)
    assert numbers == ["2026-050", "2026-051", "2026-052"]


def test_organization_differences_are_warnings(services, sample_dir):
    services.interchange.import_file(sample_dir / "items.json")
    data = base(sample_dir)
    data["organization"]["phone"] = "0000-7654321"
    report = services.interchange.import_file(write(sample_dir, data))
    assert report.warnings and "0000-1234567" in report.warnings[0]
    assert services.orgs.by_name("示例镇东风村党支部").phone == "0000-1234567"


def test_new_category_is_created_and_listed(services, sample_dir):
    data = base(sample_dir)
    data["items"][0]["category"] = "新类别䶮"
    report = services.interchange.import_file(write(sample_dir, data))
    assert report.categories_created == ["新类别䶮"]
    org = services.orgs.by_name("示例镇东风村党支部")
    assert "新类别䶮" in [c.name for c in services.orgs.categories(org.id)]


def test_export_then_import_reproduces_everything(services, tmp_path):
    from datetime import date

    from board_app.demo import build_demo
    from board_app.services.context import open_services

    build_demo(services, date(2026, 11, 20))
    out = tmp_path / "export" / "东风村.json"
    for org in services.orgs.all():
        report = services.interchange.export_file(org.name, out)
        assert report.items == len(services.items.all_for(org.id)) >= 4
        other = open_services(tmp_path / f"copy-{org.id}.sqlite3")
        try:
            other.interchange.import_file(out)
            new_org = other.orgs.by_name(org.name)
            originals = services.items.all_for(org.id)
            copies = other.items.all_for(new_org.id)
            assert len(copies) == len(originals)

            def key(i):
                return (i.number or "", i.title)

            for a, b in zip(sorted(originals, key=key), sorted(copies, key=key), strict=True):
                for field in (
                    "title",
                    "body",
                    "status",
                    "number",
                    "period",
                    "publish_date",
                    "expire_date",
                    "scope",
                    "retention",
                    "opening_balance",
                    "withdrawn_date",
                    "withdrawn_reason",
                    "review_opinion",
                    "reviewer",
                    "review_date",
                    "responsible",
                ):
                    assert getattr(a, field) == getattr(b, field), field
                assert a.ledger == b.ledger
                assert [(i.caption, i.data) for i in a.images] == [
                    (i.caption, i.data) for i in b.images
                ]
            assert other.interchange.import_file(out).added == []
        finally:
            other.close()
        shutil.rmtree(out.parent)


def test_year_export_of_a_revision_imports_into_an_empty_database(services, tmp_path):
    """The item a revision replaced may lie outside the exported year: a warning, no refusal."""
    from datetime import date

    from board_app.domain.items import Item, Organization, OrgKind, PublicationType
    from board_app.services.context import open_services

    org = services.orgs.create(Organization(name="甲支部", kind=OrgKind.PARTY_BRANCH))
    cat = services.orgs.categories(org.id)[0]
    old = services.items.save(
        Item(
            title="制度",
            publication_type=PublicationType.LONG_TERM,
            organization_id=org.id,
            category_id=cat.id,
            body="制度正文",
            responsible="李",
        )
    )
    services.items.submit(old.id)
    services.items.approve(old.id, reviewer="李", on=date(2025, 3, 1))
    services.items.publish(old.id, on=date(2025, 3, 2))
    new = services.items.revise(old.id)
    new.body = "修订后的正文"
    services.items.save(new)
    services.items.submit(new.id)
    services.items.approve(new.id, reviewer="李", on=date(2026, 3, 1))
    services.items.publish(new.id, on=date(2026, 3, 2))
    out = tmp_path / "export" / "2026.json"
    assert services.interchange.export_file("甲支部", out, year=2026).items == 1
    other = open_services(tmp_path / "empty.sqlite3")
    try:
        report = other.interchange.import_file(out)
        assert report.added == ["制度"]
        assert any("2025-001" in w for w in report.warnings)
        (copy,) = other.items.all_for(other.orgs.by_name("甲支部").id)
        assert copy.number == "2026-001" and copy.body == "修订后的正文"
        assert copy.replaces_id is None
    finally:
        other.close()


@pytest.mark.sqlite_only
def test_export_refuses_to_overwrite_the_database(services, party_org, tmp_path):
    before = services.path.read_bytes()
    with pytest.raises(UsageError) as info:
        services.interchange.export_file(party_org.name, services.path)
    assert str(services.path) in str(info.value)
    assert services.path.read_bytes() == before


def test_board_settings_travel_with_the_organization(services, tmp_path):
    from datetime import date

    from board_app.demo import VILLAGE, build_demo
    from board_app.services.context import open_services

    build_demo(services, date(2026, 11, 20))
    original = services.orgs.by_name(VILLAGE)
    out = tmp_path / "v.json"
    services.interchange.export_file(VILLAGE, out)
    other = open_services(tmp_path / "copy.sqlite3")
    try:
        other.interchange.import_file(out)
        copy_ = other.orgs.by_name(VILLAGE)
        for field in (
            "board_title",
            "board_subtitle",
            "footer_lines",
            "board_template",
            "board_theme",
            "public_numbers",
            "tracking_start",
            "fonds_code",
        ):
            assert getattr(copy_, field) == getattr(original, field), field
    finally:
        other.close()


def test_every_organization_field_survives_storage_and_export(services, tmp_path):
    from datetime import date

    from board_app.domain.items import ORGANIZATION_FIELDS, Organization, OrgKind
    from board_app.services.context import open_services

    org = Organization(
        name="中共𠮷家村支部委员会",
        kind=OrgKind.VILLAGE_COMMITTEE,
        phone="0716-3267309",
        address="仙桃市𠮷家村",
        fonds_code="J031",
        fonds_name="𠮷家村村民委员会",
        display_days=45,
        board_title="𠮷家村村务公开栏",
        board_subtitle="二〇二六年第四季度",
        footer_lines=["监督电话：0716-3267309", "地址：村委会一楼"],
        board_template="a1-portrait",
        board_theme="blue",
        public_numbers=["0716-3267309"],
        tracking_start=date(2026, 1, 1),
        board_language="en",
        board_signoff=False,
        board_signoff_text="中共𠮷家村支部委员会（盖章）",
        township="仙桃市𠮷家镇",
    )
    defaults = Organization(name="")
    unchanged = [f for f in ORGANIZATION_FIELDS if getattr(org, f) == getattr(defaults, f)]
    assert not unchanged, f"give these fields a value that is not the default: {unchanged}"
    expected = {f: getattr(org, f) for f in ORGANIZATION_FIELDS}
    services.orgs.create(org)
    stored = services.orgs.by_name(org.name)
    assert {f: getattr(stored, f) for f in ORGANIZATION_FIELDS} == expected
    out = tmp_path / "org.json"
    services.interchange.export_file(org.name, out)
    other = open_services(tmp_path / "copy.sqlite3")
    try:
        other.interchange.import_file(out)
        copied = other.orgs.by_name(org.name)
        assert {f: getattr(copied, f) for f in ORGANIZATION_FIELDS} == expected
    finally:
        other.close()


def test_bad_board_options_are_refused(services, sample_dir):
    data = base(sample_dir)
    data["organization"]["board_language"] = "fr"
    data["organization"]["board_signoff"] = "no"
    with pytest.raises(ValidationError) as info:
        services.interchange.import_file(write(sample_dir, data))
    assert "board_language" in str(info.value) and "board_signoff" in str(info.value)


def test_bad_board_theme_is_refused(services, sample_dir):
    data = base(sample_dir)
    data["organization"]["board_theme"] = "green"
    data["organization"]["footer_lines"] = "not a list"
    with pytest.raises(ValidationError) as info:
        services.interchange.import_file(write(sample_dir, data))
    assert "board_theme" in str(info.value) and "footer_lines" in str(info.value)


def test_negative_opening_balance_round_trips(services, party_org, tmp_path):
    from datetime import date
    from decimal import Decimal

    from support import category_id

    from board_app.domain.items import Item, LedgerRow, PublicationType
    from board_app.services.context import open_services

    item = services.items.save(
        Item(
            title="2026年第一季度党费收缴使用情况",
            publication_type=PublicationType.PERIODIC,
            organization_id=party_org.id,
            category_id=category_id(services, party_org, "党费收缴使用"),
            period="2026-Q1",
            opening_balance=Decimal("100.00"),
            ledger=[LedgerRow(date=date(2026, 3, 1), summary="上缴", expense=Decimal("600.00"))],
        )
    )
    nxt = services.items.copy_to_next_period(item.id)
    assert nxt.opening_balance == Decimal("-500.00")
    out = tmp_path / "neg.json"
    services.interchange.export_file(party_org.name, out)
    other = open_services(tmp_path / "other.sqlite3")
    try:
        other.interchange.import_file(out)
        org = other.orgs.by_name(party_org.name)
        balances = sorted(i.opening_balance for i in other.items.all_for(org.id))
        assert balances == [Decimal("-500.00"), Decimal("100.00")]
    finally:
        other.close()


def test_numbers_are_normalised(services, sample_dir):
    data = base(sample_dir)
    data["items"][0]["number"] = "2026-7"
    data["items"][1]["number"] = "2026-0007"
    before = dump(services)
    with pytest.raises(ValidationError) as info:  # the same number twice
        services.interchange.import_file(write(sample_dir, data))
    assert "同一事项" in str(info.value)
    assert dump(services) == before
    data["items"][1]["number"] = "2026-0008"
    services.interchange.import_file(write(sample_dir, data))
    org = services.orgs.by_name("示例镇东风村党支部")
    assert {"2026-007", "2026-008"} <= {i.number for i in services.items.all_for(org.id)}


@pytest.mark.parametrize("where", ["../outside.jpg", "ABSOLUTE"])
def test_images_must_be_beside_the_file(services, sample_dir, where):
    outside = sample_dir.parent / "outside.jpg"
    Image.new("RGB", (10, 10)).save(outside)
    data = base(sample_dir)
    data["items"][2]["images"] = [
        {"path": str(outside) if where == "ABSOLUTE" else where, "caption": "x"}
    ]
    before = dump(services)
    with pytest.raises(ValidationError) as info:
        services.interchange.import_file(write(sample_dir, data))
    assert "不在该文件所在的文件夹内" in str(info.value)
    assert dump(services) == before


def test_cancel_at_the_end_rolls_everything_back(services, sample_dir):
    class Cancelled(Exception):
        pass

    def progress(done, total):
        if done == total:
            raise Cancelled

    before = dump(services)
    with pytest.raises(Cancelled):
        services.interchange.import_file(sample_dir / "items.json", progress=progress)
    assert dump(services) == before


def test_a_different_category_is_a_conflict(services, sample_dir):
    services.interchange.import_file(sample_dir / "items.json")
    data = base(sample_dir)
    data["items"][0]["category"] = "制度规定"
    before = dump(services)
    with pytest.raises(ValidationError) as info:
        services.interchange.import_file(write(sample_dir, data))
    assert "category" in str(info.value)
    assert dump(services) == before
