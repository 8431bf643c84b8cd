"""Import (and push, which is the import) numbers through the counters publishing uses:
公开编号 and register numbers without a gap or a duplicate, kept numbers of imported records
stay theirs and move the counter past them, and a failed import gives its numbers back.

The last test runs an import and several publishers at once in separate processes on
PostgreSQL (each its own server connection, as several PCs are).
"""

from __future__ import annotations

import json
import multiprocessing as mp
from datetime import date
from pathlib import Path

import pytest

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackQuery, FeedbackRecord
from board_app.domain.items import Item, PublicationType, Status
from board_app.errors import ValidationError
from board_app.services.context import open_services
from board_app.services.interchange_parse import FORMAT

pytestmark = pytest.mark.both_engines

ORG = "东风村党支部"  # the conftest's party_org
ON = date(2026, 3, 1)


def published(title: str, on: str, number: str | None = None, **extra: object) -> dict:
    record: dict = {
        "title": title,
        "publication_type": "immediate",
        "domain": "party",
        "category": "党组织决议",
        "status": "published",
        "publish_date": on,
        "expire_date": "2026-12-31",
        "body": f"{title}，经支部委员会讨论通过。",
        "responsible": "书记",
        "reviewer": "村务监督委员会",
        **extra,
    }
    if number:
        record["number"] = number
    return record


def write_file(folder: Path, items: list[dict], feedback: list[dict] | None = None) -> Path:
    document: dict = {"format": FORMAT, "organization": {"name": ORG, "kind": "party_branch"}}
    if feedback:
        document["feedback"] = feedback
    document["items"] = items
    path = folder / f"import-{len(list(folder.glob('import-*')))}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def reviewed(services, org, title: str) -> int:
    cat = next(c for c in services.orgs.categories(org.id) if c.name == "党组织决议")
    item = services.items.save(
        Item(
            title=title,
            publication_type=PublicationType.IMMEDIATE,
            organization_id=org.id,
            category_id=cat.id,
            body="经支部委员会讨论通过。",
            responsible="书记",
            expire_date=date(2026, 12, 31),
        )
    )
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="村务监督委员会", on=date(2026, 3, 1))
    return item.id  # type: ignore[return-value]


def numbers_by_title(services, org) -> dict[str, str | None]:
    return {i.title: i.number for i in services.items.all_for(org.id)}


def test_imported_items_continue_the_publishing_counter(services, party_org, tmp_path):
    for n in (1, 2):
        services.items.publish(reviewed(services, party_org, f"决议{n}"), on=ON)
    report = services.interchange.import_file(
        write_file(
            tmp_path,
            [
                published("导入三月", "2026-03-02"),
                published("导入一月", "2026-01-05"),
                {**published("导入草稿", "2026-05-01"), "status": "draft"},
                published("导入二月", "2026-02-03"),
            ],
        )
    )
    assert len(report.added) == 4
    got = numbers_by_title(services, party_org)
    # in publish order after the numbers already given; a draft has none
    assert [got["导入一月"], got["导入二月"], got["导入三月"]] == [
        "2026-003",
        "2026-004",
        "2026-005",
    ]
    assert got["导入草稿"] is None
    after = services.items.publish(reviewed(services, party_org, "之后发布"), on=ON)
    assert after.number == "2026-006"


def test_kept_numbers_stay_and_move_the_counter_past_them(services, party_org, tmp_path):
    services.interchange.import_file(
        write_file(
            tmp_path,
            [
                published("二月无编号", "2026-02-01"),
                published("带编号", "2026-03-01", number="2026-050"),
                published("四月无编号", "2026-04-01"),
                published("去年带编号", "2025-06-01", number="2025-040"),
            ],
            feedback=[
                {
                    "number": "YJ-2026-007",
                    "received": "2026-05-01",
                    "channel": "box",
                    "kind": "opinion",
                    "content": "带编号的意见",
                },  # fmt: skip
                {
                    "received": "2026-04-01",
                    "channel": "box",
                    "kind": "opinion",
                    "content": "无编号的意见",
                },  # fmt: skip
            ],
        )
    )
    got = numbers_by_title(services, party_org)
    assert got["带编号"] == "2026-050" and got["去年带编号"] == "2025-040"
    assert got["二月无编号"] == "2026-001" and got["四月无编号"] == "2026-051"
    # the next publish of each year comes after the kept numbers: no collision
    assert services.items.publish(reviewed(services, party_org, "今年"), on=ON).number == (
        "2026-052"
    )
    last_year = services.items.publish(
        reviewed(services, party_org, "去年补发"), on=date(2025, 12, 1)
    )
    assert last_year.number == "2025-041"
    numbers = sorted(
        r.number for r in services.feedback.records(FeedbackQuery(organization_id=party_org.id))
    )
    assert numbers == ["YJ-2026-007", "YJ-2026-008"]
    record = services.feedback.add(
        FeedbackRecord(
            organization_id=party_org.id,
            received=date(2026, 6, 1),
            channel=Channel.BOX,
            kind=FeedbackKind.OPINION,
            content="之后登记的意见",
        )
    ).record
    assert record.number == "YJ-2026-009"


def test_a_failed_import_gives_its_numbers_back(services, party_org, tmp_path):
    services.items.publish(reviewed(services, party_org, "决议1"), on=ON)
    path = write_file(
        tmp_path, [published("导入甲", "2026-02-01"), published("导入乙", "2026-02-02")]
    )

    def cancel(step: int, total: int) -> None:
        if step == total:  # inside the import's transaction, after every item was written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.interchange.import_file(path, progress=cancel)
    assert set(numbers_by_title(services, party_org)) == {"决议1"}
    # the counter went back with everything else: no gap
    assert services.items.publish(reviewed(services, party_org, "决议2"), on=ON).number == (
        "2026-002"
    )
    services.interchange.import_file(path)
    got = numbers_by_title(services, party_org)
    assert (got["导入甲"], got["导入乙"]) == ("2026-003", "2026-004")


def test_a_kept_number_given_meanwhile_refuses_the_import(
    services, party_org, tmp_path, monkeypatch
):
    """A clerk publishes 2026-001 after the file was checked and before it is written: the
    import is refused whole, naming the item, and nothing is written."""
    item_id = reviewed(services, party_org, "别人刚发布")
    path = write_file(tmp_path, [published("文件里的", "2026-02-01", number="2026-001")])
    original = services.interchange._write

    def publish_first(plan, org_id, report):  # type: ignore[no-untyped-def]
        services.items.publish(item_id, on=ON)  # joins the import's transaction as a savepoint
        return original(plan, org_id, report)

    monkeypatch.setattr(services.interchange, "_write", publish_first)
    with pytest.raises(ValidationError) as refused:
        services.interchange.import_file(path)
    assert "2026-001" in str(refused.value) and "文件里的" in str(refused.value)
    assert set(numbers_by_title(services, party_org)) == {"别人刚发布"}
    assert services.items.get(item_id).status is Status.REVIEWED  # rolled back too


def test_a_push_moves_the_target_s_counter_past_the_numbers_it_brings(
    services, party_org, tmp_path
):
    """The office numbered 2026-010 and 2026-011 (its own counter); the township's database had
    given 2026-001 for the same organization: after the push its next number is 2026-012."""
    from board_app.services.sync import push

    services.items.publish(reviewed(services, party_org, "乡镇库里发布的"), on=ON)
    with open_services(tmp_path / "village-office.sqlite3", operator="村文书") as office:
        office.interchange.import_file(
            write_file(
                tmp_path,
                [
                    published("村里发布的甲", "2026-02-01", number="2026-010"),
                    published("村里发布的乙", "2026-02-02", number="2026-011"),
                ],
            )
        )
        report = push(office, services)
    assert not report.conflicts
    got = numbers_by_title(services, party_org)
    assert (got["村里发布的甲"], got["村里发布的乙"]) == ("2026-010", "2026-011")
    assert services.items.publish(reviewed(services, party_org, "推送之后"), on=ON).number == (
        "2026-012"
    )


# ----- an import and publishers at once (PostgreSQL, separate processes) ----------------------
PUBLISHERS = 3
EACH = 6
IMPORTED = 30
IMPORTED_LETTERS = 8
REGISTERED_LETTERS = 30


def publisher(url: str, ids: list[int], barrier, out) -> None:  # type: ignore[no-untyped-def]
    numbers, errors = [], []
    try:
        with open_services(url, operator="发布员") as svc:
            barrier.wait()
            for item_id in ids:
                numbers.append(svc.items.publish(item_id, on=ON).number)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which then fails
        errors.append(f"{type(exc).__name__}: {exc}")
        barrier.abort()
    out.put(("publish", numbers, errors))


def registrar(url: str, org_id: int, barrier, out) -> None:  # type: ignore[no-untyped-def]
    """A clerk registering letters (YJ-2026-…) while the import runs."""
    numbers, errors = [], []
    try:
        with open_services(url, operator="登记员") as svc:
            barrier.wait()
            for n in range(REGISTERED_LETTERS):
                letter = FeedbackRecord(
                    organization_id=org_id,
                    received=ON,
                    channel=Channel.BOX,
                    kind=FeedbackKind.OPINION,
                    content=f"登记员登记的第{n}条意见",
                )
                numbers.append(svc.feedback.add(letter).record.number)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which then fails
        errors.append(f"{type(exc).__name__}: {exc}")
        barrier.abort()
    out.put(("register", numbers, errors))


def importer(url: str, path: str, barrier, out) -> None:  # type: ignore[no-untyped-def]
    errors = []
    try:
        with open_services(url, operator="导入员") as svc:
            barrier.wait()
            svc.interchange.import_file(Path(path))
    except Exception as exc:  # noqa: BLE001 - reported to the test, which then fails
        errors.append(f"{type(exc).__name__}: {exc}")
        barrier.abort()
    out.put(("import", [], errors))


def test_an_import_and_publishers_at_once_share_one_counter(
    services, party_org, engine, db_location, tmp_path
):
    if engine != "postgresql":
        pytest.skip("SQLite has one writer: the import and publishing are serialized")
    ids = [
        [reviewed(services, party_org, f"发布员{p}的第{n}项") for n in range(EACH)]
        for p in range(PUBLISHERS)
    ]
    items = [published(f"导入的第{n}项", f"2026-02-{n % 28 + 1:02d}") for n in range(IMPORTED)]
    items.append(published("导入的去年一项", "2025-06-01", number="2025-040"))
    letters = [
        {
            "received": f"2026-02-{n + 1:02d}",
            "channel": "box",
            "kind": "opinion",
            "content": f"导入的第{n}条意见",
        }
        for n in range(IMPORTED_LETTERS)
    ]
    path = write_file(tmp_path, items, feedback=letters)
    services.database.db.close()  # fork with no connection open to inherit
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(PUBLISHERS + 2), ctx.Queue()
    procs = [ctx.Process(target=importer, args=(db_location, str(path), barrier, out))]
    procs.append(ctx.Process(target=registrar, args=(db_location, party_org.id, barrier, out)))
    procs += [ctx.Process(target=publisher, args=(db_location, i, barrier, out)) for i in ids]
    for p in procs:
        p.start()
    results = [out.get(timeout=90) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    services.database.db.connect(reuse_if_open=True)
    assert [r[2] for r in results] == [[]] * len(procs)
    stored = services.items.all_for(party_org.id)
    this_year = sorted(int(i.number[5:]) for i in stored if i.number and i.number[:4] == "2026")
    total = PUBLISHERS * EACH + IMPORTED
    assert this_year == list(range(1, total + 1))  # no gap, no duplicate among new numbers
    imported = sorted(
        int(i.number[5:]) for i in stored if i.title.startswith("导入的第") and i.number
    )
    assert imported == list(range(imported[0], imported[0] + IMPORTED))  # one block
    published_now = [n for r in results if r[0] == "publish" for n in r[1]]
    assert len(published_now) == PUBLISHERS * EACH
    registered = services.feedback.records(FeedbackQuery(organization_id=party_org.id))
    register = sorted(int(r.number.split("-")[2]) for r in registered)
    letters_total = IMPORTED_LETTERS + REGISTERED_LETTERS
    assert register == list(range(1, letters_total + 1))  # register numbers too
    assert services.items.publish(reviewed(services, party_org, "最后"), on=ON).number == (
        f"2026-{total + 1:03d}"
    )
    last_year = services.items.publish(
        reviewed(services, party_org, "去年补发"), on=date(2025, 12, 1)
    )
    assert last_year.number == "2025-041"


def test_numbers_outside_the_counter_s_form_leave_the_counter_alone(services, party_org, tmp_path):
    services.interchange.import_file(
        write_file(
            tmp_path,
            [published("零年编号", "2026-02-01", number="0000-005")],
            feedback=[
                {
                    "number": "YJ-2026-99999999999",
                    "received": "2026-05-01",
                    "channel": "box",
                    "kind": "opinion",
                    "content": "很长的编号",
                },  # fmt: skip
                {
                    "number": "旧-17",
                    "received": "2026-05-02",
                    "channel": "box",
                    "kind": "opinion",
                    "content": "旧编号",
                },  # fmt: skip
            ],
        )
    )
    assert numbers_by_title(services, party_org)["零年编号"] == "0000-005"
    assert services.items.publish(reviewed(services, party_org, "新"), on=ON).number == "2026-001"
    record = services.feedback.add(
        FeedbackRecord(
            organization_id=party_org.id,
            received=date(2026, 6, 1),
            channel=Channel.BOX,
            kind=FeedbackKind.OPINION,
            content="之后登记的意见",
        )
    ).record
    assert record.number == "YJ-2026-001"
