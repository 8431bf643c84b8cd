"""Several clerks publishing at the same moment on PostgreSQL: 公开编号, 件号 and register
numbers without a gap or a duplicate, and a failed publish leaves no hole.

Each clerk is its own process with its own server connection (the models are bound per
database at class level, so clerks in threads of one process would share bindings; processes
are what several PCs are). SQLite needs no such test: its one writer serializes publishing.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
from datetime import date

import pytest

from board_app.domain.feedback import Channel, FeedbackKind, FeedbackRecord
from board_app.domain.items import Item, PublicationType, Retention, Status
from board_app.errors import UsageError, ValidationError
from board_app.services.context import open_services
from board_app.storage.archive_repository import ArchiveStore

CLERKS = 4
EACH = 6
ON = date(2026, 10, 9)


def clerk(
    url: str, name: str, ids: list[int], refused_id: int, shared_id: int, barrier, out
) -> None:  # type: ignore[no-untyped-def]
    """Publish ``shared_id`` (which every clerk publishes at once), ``ids`` (and try
    ``refused_id``, which is not reviewed); then number ``ids`` for the archive. Reports the
    numbers given and the errors met."""
    errors: list[str] = []
    numbers: list[str] = []
    pieces: dict[int, int] = {}
    try:
        _publish_and_file(url, name, ids, (refused_id, shared_id), barrier, errors, numbers, pieces)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which then fails
        errors.append(f"{type(exc).__name__}: {exc}")
        barrier.abort()
    out.put((name, numbers, sorted(pieces.values()), errors))


def _publish_and_file(  # type: ignore[no-untyped-def]
    url: str, name: str, ids: list[int], others: tuple[int, int], barrier, errors, numbers, pieces
) -> None:
    refused_id, shared_id = others
    with open_services(url, operator=name) as svc:
        barrier.wait()
        # published by another clerk first: refused (not published twice)
        with contextlib.suppress(UsageError):
            numbers.append(svc.items.publish(shared_id, on=ON).number or "")
        for k, item_id in enumerate(ids):
            if k == EACH // 2:
                try:
                    svc.items.publish(refused_id, on=ON)
                    errors.append("a draft was published")
                except ValidationError:
                    pass  # refused: its number must go back to the counter
            try:
                numbers.append(svc.items.publish(item_id, on=ON).number or "")
            except Exception as exc:  # noqa: BLE001 - reported to the test
                errors.append(f"{type(exc).__name__}: {exc}")
            if k % 3 == 0:  # a letter registered between publishes: YJ-2026-… numbers
                record = FeedbackRecord(
                    organization_id=svc.items.get(item_id).organization_id,  # type: ignore[arg-type]
                    received=ON,
                    channel=Channel.BOX,
                    kind=FeedbackKind.OPINION,
                    content=f"{name}登记的意见",
                )
                numbers.append(svc.feedback.add(record).record.number)
        barrier.wait()
        org_id = svc.items.get(ids[0]).organization_id
        pieces.update(ArchiveStore(svc.repo).assign(org_id, 2026, Retention.Y10, ids))  # type: ignore[arg-type]


@pytest.mark.both_engines
def test_clerks_publishing_at_once_get_every_number_once(services, party_org, engine, db_location):
    if engine != "postgresql":
        pytest.skip("SQLite has one writer: publishing is serialized by the writer lock")
    cat = next(c for c in services.orgs.categories(party_org.id) if c.name == "党组织决议")

    def reviewed(title: str, responsible: str) -> int:
        item = services.items.save(
            Item(
                title=title,
                publication_type=PublicationType.IMMEDIATE,
                organization_id=party_org.id,
                category_id=cat.id,
                body="经支部委员会讨论通过。",
                responsible=responsible,
                expire_date=date(2026, 12, 31),
            )
        )
        services.items.submit(item.id)
        services.items.approve(item.id, reviewer="村务监督委员会", on=ON)
        return item.id  # type: ignore[return-value]

    shared = reviewed("支部换届选举结果公开", "书记")
    ids: dict[str, list[int]] = {}
    refused: dict[str, int] = {}
    for k in range(CLERKS):
        name = f"文书{k + 1}"
        ids[name] = [reviewed(f"{name}的第{n + 1}号决议公开", name) for n in range(EACH)]
        refused[name] = services.items.save(
            Item(
                title=f"{name}的草稿",
                publication_type=PublicationType.IMMEDIATE,
                organization_id=party_org.id,
                category_id=cat.id,
                expire_date=date(2026, 12, 31),
            )
        ).id
    # fork (fast) with no connection open to inherit: each clerk opens its own
    services.database.db.close()
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(CLERKS), ctx.Queue()
    procs = [
        ctx.Process(target=clerk, args=(db_location, n, ids[n], refused[n], shared, barrier, out))
        for n in ids
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    services.database.db.connect(reuse_if_open=True)
    assert [r[3] for r in results] == [[]] * CLERKS
    given = sorted(int(n.split("-")[1]) for r in results for n in r[1] if n[0].isdigit())
    assert given == list(range(1, CLERKS * EACH + 2))  # no gap, no duplicate
    publishes = [e for e in services.items.history(shared) if e.action == "item.publish"]
    assert len(publishes) == 1  # everyone tried the shared item: one publish, the rest refused
    letters = sorted(int(n.split("-")[2]) for r in results for n in r[1] if n.startswith("YJ"))
    assert letters == list(range(1, CLERKS * ((EACH + 2) // 3) + 1))
    stored = [i for i in services.items.all_for(party_org.id) if i.status is Status.PUBLISHED]
    assert sorted(i.number for i in stored) == sorted(
        n for r in results for n in r[1] if n[0].isdigit()
    )
    pieces = sorted({p for r in results for p in r[2]})
    assert pieces == list(range(1, CLERKS * EACH + 1))  # 件号 too
    numbered = ArchiveStore(services.repo).numbers(party_org.id, 2026, Retention.Y10)
    assert sorted(numbered.values()) == pieces and len(numbered) == CLERKS * EACH
