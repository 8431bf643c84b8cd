"""Matters (四议两公开) rows <-> domain objects; the only module that knows their tables."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import datetime
from decimal import Decimal
from typing import Any

from board_app.domain.items import LedgerRow
from board_app.domain.matter_rules import MatterSettings
from board_app.domain.matters import Body, Matter, Outcome, Step, StepKind
from board_app.storage.dialect import upsert
from board_app.storage.matter_models import (
    MatterRow,
    MatterSettingsRow,
    MatterSpendingRow,
    MatterStepRow,
)
from board_app.storage.repository import Repository
from board_app.storage.rows import naive_utc, opt, utc
from board_app.storage.versions import update_if_version

_STEP_FIELDS = (
    "held_on",
    "place",
    "chair",
    "recorder",
    "members",
    "present",
    "member_names",
    "present_names",
    "summary",
    "votes_for",
    "votes_against",
    "abstentions",
    "supervisors_attended",
    "supervisors",
    "then",
    "closed",
)


def _step(row: MatterStepRow) -> Step:
    return Step(
        id=row.id,
        kind=StepKind(row.kind),
        body=Body(row.body),
        outcome=opt(Outcome, row.outcome),
        **{name: getattr(row, name) for name in _STEP_FIELDS},
    )


class MatterStore:
    """Reads and writes matters in the repository's database (call inside its binding)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def _bound(self) -> AbstractContextManager[Any]:
        return self.repo.database.bound()

    # ----- reading ----------------------------------------------------------------------------
    def _matter(self, row: MatterRow) -> Matter:
        matter = Matter(
            id=row.id,
            organization_id=row.organization_id,
            title=row.title,
            kind=row.kind,
            proposer=row.proposer,
            description=row.description,
            budget=row.budget,
            implemented_on=row.implemented_on,
            result_summary=row.result_summary,
            resolution_item_id=row.resolution_item_id,
            result_item_id=row.result_item_id,
            created_at=utc(row.created_at),
            updated_at=utc(row.updated_at),
            version=row.version,
        )
        matter.steps = [
            _step(r)
            for r in MatterStepRow.select()
            .where(MatterStepRow.matter == row.id)
            .order_by(MatterStepRow.position)
        ]
        matter.spending = [
            LedgerRow(
                date=r.date,
                voucher=r.voucher,
                summary=r.summary,
                income=r.income or Decimal("0.00"),
                expense=r.expense or Decimal("0.00"),
            )
            for r in MatterSpendingRow.select()
            .where(MatterSpendingRow.matter == row.id)
            .order_by(MatterSpendingRow.position)
        ]
        return matter

    def get(self, matter_id: int) -> Matter | None:
        with self._bound():
            row = MatterRow.get_or_none(MatterRow.id == matter_id)
            return self._matter(row) if row else None

    def matters_of(self, org_id: int | None = None) -> list[Matter]:
        """Matters of one organization (or all), oldest first."""
        with self._bound():
            query = MatterRow.select().order_by(MatterRow.id)
            if org_id is not None:
                query = query.where(MatterRow.organization == org_id)
            return [self._matter(r) for r in query]

    def for_item(self, item_id: int) -> Matter | None:
        """The matter whose 决议公开 or 实施结果公开 is ``item_id``."""
        with self._bound():
            row = MatterRow.get_or_none(
                (MatterRow.resolution_item == item_id) | (MatterRow.result_item == item_id)
            )
            return self._matter(row) if row else None

    # ----- writing (inside the caller's transaction) -----------------------------------------
    def save(self, matter: Matter, *, now: datetime) -> Matter:
        """Insert or update a matter with its steps (in order) and spending rows."""
        stamp = naive_utc(now)
        data = {
            "organization": matter.organization_id,
            "title": matter.title,
            "kind": matter.kind,
            "proposer": matter.proposer,
            "description": matter.description,
            "budget": matter.budget,
            "implemented_on": matter.implemented_on,
            "result_summary": matter.result_summary,
            "resolution_item": matter.resolution_item_id,
            "result_item": matter.result_item_id,
            "updated_at": stamp,
        }
        with self._bound():
            if matter.id is None:
                data["created_at"] = stamp
                matter.id = MatterRow.insert(**data, version=1).execute()
                matter.created_at = utc(stamp)
                matter.version = 1
            else:  # compare-and-set: StaleVersionError when saved by someone since
                matter.version = update_if_version(MatterRow, matter.id, matter.version, data)
            matter.updated_at = utc(stamp)
            keep = [s.id for s in matter.steps if s.id is not None]
            MatterStepRow.delete().where(
                (MatterStepRow.matter == matter.id) & (MatterStepRow.id.not_in(keep or [-1]))
            ).execute()
            for pos, step in enumerate(matter.steps):
                values = {name: getattr(step, name) for name in _STEP_FIELDS}
                values.update(
                    matter=matter.id,
                    position=pos,
                    kind=step.kind.value,
                    # the services refuse a step without its body (input_problems)
                    body=step.body.value,  # type: ignore[union-attr]
                    outcome=step.outcome.value if step.outcome else None,
                )
                if step.id is None:
                    step.id = MatterStepRow.insert(**values).execute()
                else:
                    MatterStepRow.update(**values).where(MatterStepRow.id == step.id).execute()
            MatterSpendingRow.delete().where(MatterSpendingRow.matter == matter.id).execute()
            if matter.spending:
                MatterSpendingRow.insert_many(
                    [
                        {
                            "matter": matter.id,
                            "position": i,
                            "date": r.date,
                            "voucher": r.voucher,
                            "summary": r.summary,
                            "income": r.income,
                            "expense": r.expense,
                        }
                        for i, r in enumerate(matter.spending)
                    ]
                ).execute()
        return matter

    def delete(self, matter_id: int) -> None:
        with self._bound():
            MatterRow.delete().where(MatterRow.id == matter_id).execute()

    # ----- settings ---------------------------------------------------------------------------
    def settings(self, org_id: int) -> MatterSettings:
        """The organization's settings (defaults when none were saved)."""
        with self._bound():
            row = MatterSettingsRow.get_or_none(MatterSettingsRow.organization == org_id)
        return MatterSettings.from_json(json.loads(row.data)) if row else MatterSettings()

    def has_settings(self, org_id: int) -> bool:
        """Whether the organization's settings were ever saved (else the defaults apply)."""
        with self._bound():
            return (
                MatterSettingsRow.get_or_none(MatterSettingsRow.organization == org_id) is not None
            )

    def save_settings(self, org_id: int, settings: MatterSettings) -> None:
        with self._bound():
            upsert(
                MatterSettingsRow,
                {
                    "organization": org_id,
                    "data": json.dumps(settings.to_json(), ensure_ascii=False),
                },
                ["organization"],
            )
