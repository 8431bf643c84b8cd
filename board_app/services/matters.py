"""四议两公开 use cases: record a matter's four deliberations, check them, make the disclosures.

Every change is one transaction with an audit entry. Bad input (attendance above membership,
more votes than people present, dates out of order) raises :class:`MatterInputError` naming the
field, and nothing is saved. The 决议公开 and 实施结果公开 items are made through the item service,
so they go through the normal review and publish workflow; matter and items link both ways.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from board_app.domain.ids import stored_id
from board_app.domain.items import (
    Item,
    LedgerRow,
    Organization,
    PublicationType,
    Retention,
    Scope,
    Status,
)
from board_app.domain.matter_rules import (
    MatterSettings,
    Problem,
    close_problems,
    input_problems,
    matter_problems,
    previous_closed,
)
from board_app.domain.matter_texts import (
    resolution_body,
    resolution_title,
    result_body,
    result_title,
    scope_body,
    workflow_body,
)
from board_app.domain.matters import Matter, MatterStatus, Step
from board_app.errors import NotFoundError, ValidationError
from board_app.i18n import _
from board_app.services.conflicts import (
    EditConflict,
    EditConflictError,
    matter_conflict,
    matter_step_conflict,
    refusing_stale,
)
from board_app.services.context import Context
from board_app.services.items import ItemService
from board_app.services.workdays import add_working_days
from board_app.storage.matter_store import MatterStore

MATTER_CATEGORY = "重大事项（四议两公开）"
RULES_CATEGORY = "村规民约与制度"
DISCLOSED = (Status.PUBLISHED, Status.WITHDRAWN)


class MatterInputError(ValidationError):
    """Refused input; ``fields`` lists each problem with the field it belongs to."""

    def __init__(self, message: str, fields: list[Problem]) -> None:
        super().__init__(message, [str(p) for p in fields])
        self.fields = fields


@dataclass
class MatterDue:
    """A disclosure a matter still owes: its 决议公开 or its 实施结果公开."""

    matter: Matter
    what: str  # "resolution" or "result"
    since: date  # day of the resolution or of the implementation
    due: date
    overdue: bool
    item: Item | None = None  # the disclosure drafted but not yet published

    @property
    def label(self) -> str:
        if self.what == "resolution":
            return _("Resolution not yet disclosed")
        return _("Implementation result not yet disclosed")


def _raise(title: str, problems: list[Problem]) -> None:
    if problems:
        raise MatterInputError(
            _("“{title}”: {problems}").format(
                title=title, problems="; ".join(p.located() for p in problems)
            ),
            problems,
        )


class MatterService:
    """Use cases on 四议两公开 matters."""

    def __init__(self, ctx: Context, items: ItemService) -> None:
        self.ctx = ctx
        self.repo = ctx.repo
        self.items = items
        self.store = MatterStore(ctx.repo)

    # ----- reading ----------------------------------------------------------------------------
    def matters_of(self, org_id: int | None = None) -> list[Matter]:
        """Matters of an organization (or of all), oldest first."""
        return self.store.matters_of(org_id)

    def get(self, matter_id: int) -> Matter:
        matter = self.store.get(matter_id)
        if matter is None:
            raise NotFoundError(_("No matter has the id {id}.").format(id=matter_id))
        return matter

    def conflict(self, mine: Matter) -> EditConflict:
        """Both versions of a matter whose save was refused (see services.conflicts)."""
        return matter_conflict(self.repo, self.store.get(stored_id(mine.id)), mine)

    def for_item(self, item_id: int) -> Matter | None:
        """The matter an item discloses (its 决议公开 or 实施结果公开), if any."""
        return self.store.for_item(item_id)

    def settings(self, org_id: int) -> MatterSettings:
        return self.store.settings(org_id)

    def save_settings(self, org_id: int, settings: MatterSettings) -> MatterSettings:
        """Change an organization's 四议两公开 settings (scope, rules, day counts)."""
        problems = []
        if not settings.scope:
            problems.append(Problem("scope", _("The scope list is empty.")))
        if settings.notice_days < 1:
            problems.append(Problem("notice_days", _("Notice days must be at least 1.")))
        if settings.overdue_working_days < 1:
            problems.append(Problem("overdue_working_days", _("Working days must be at least 1.")))
        _raise(_("Settings"), problems)
        self._org(org_id)
        before = self.store.settings(org_id).to_json()
        with self.repo.transaction():
            self.store.save_settings(org_id, settings)
            after = settings.to_json()
            self.ctx.audit(
                "matter.settings",
                organization_id=org_id,
                changes={k: (before[k], after[k]) for k in after if before.get(k) != after[k]},
            )
        return settings

    def _org(self, org_id: int) -> Organization:
        org = next((o for o in self.repo.list_organizations() if o.id == org_id), None)
        if org is None:
            raise NotFoundError(_("No organization has the id {id}.").format(id=org_id))
        return org

    # ----- checking (as the clerk types) -------------------------------------------------------
    def check_step(self, matter: Matter, step: Step, *, today: date | None = None) -> list[Problem]:
        """Every rule failure that would keep ``step`` from being closed (nothing is saved)."""
        settings = self.settings(stored_id(matter.organization_id))
        return close_problems(
            step, previous_closed(matter, step), settings, today or self.ctx.today()
        )

    # ----- matters ----------------------------------------------------------------------------
    def _check_matter(self, matter: Matter, *, check_kind: bool = True) -> None:
        problems = matter_problems(matter)
        settings = self.settings(stored_id(matter.organization_id))
        if check_kind and matter.kind and matter.kind not in settings.scope:
            problems.append(
                Problem(
                    "kind",
                    _("“{kind}” is not in the organization's scope list.").format(kind=matter.kind),
                )
            )
        _raise(matter.title or _("Matter"), problems)

    def create(self, matter: Matter) -> Matter:
        """Add a matter (no meeting held yet)."""
        if matter.organization_id is None:
            raise ValidationError(_("The matter has no organization."))
        self._org(matter.organization_id)
        matter.title = matter.title.strip()
        matter.steps, matter.spending = [], []
        matter.resolution_item_id = matter.result_item_id = None
        matter.implemented_on = None
        self._check_matter(matter)
        with self.repo.transaction():
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.create",
                organization_id=matter.organization_id,
                changes={"matter": (None, matter.title)},
            )
        return matter

    def update(self, matter: Matter) -> Matter:
        """Save the matter's own fields (title, kind, proposer, description, budget)."""
        stored = self.get(stored_id(matter.id))
        if matter.version != stored.version:  # read before someone else saved it
            raise EditConflictError(self.conflict(matter))
        changes = {}
        for name in ("title", "kind", "proposer", "description", "budget"):
            old, new = getattr(stored, name), getattr(matter, name)
            if name == "title":
                new = new.strip()
            if old != new:
                changes[name] = (old, new)
                setattr(stored, name, new)
        if not changes:
            return stored
        # a kind later dropped from the scope list stays on the matters that have it
        self._check_matter(stored, check_kind="kind" in changes)
        with refusing_stale(lambda: self.conflict(matter)), self.repo.transaction():
            self.store.save(stored, now=self.ctx.now())
            self.ctx.audit("matter.update", organization_id=stored.organization_id, changes=changes)
        return stored

    def delete(self, matter_id: int) -> None:
        """Remove a matter that has no disclosure on the board."""
        matter = self.get(matter_id)
        for item_id in (matter.resolution_item_id, matter.result_item_id):
            if item_id is not None and self.repo.get_item(item_id).status in DISCLOSED:
                raise ValidationError(
                    _("“{title}” has a published disclosure and is kept.").format(
                        title=matter.title
                    )
                )
        with self.repo.transaction():
            self.store.delete(matter_id)
            self.ctx.audit(
                "matter.delete",
                organization_id=matter.organization_id,
                changes={"matter": (matter.title, None)},
            )

    # ----- steps ------------------------------------------------------------------------------
    def save_step(self, matter_id: int, step: Step, *, base_version: int | None = None) -> Matter:
        """Record a new meeting (the next step due) or change the open one.

        Refuses bad input and steps out of order; nothing is saved then. ``base_version``: the
        version of the matter the clerk edited; a save over a newer one is refused with both
        versions (EditConflictError), nothing overwritten.
        """
        matter = self.get(matter_id)
        if base_version is not None and matter.version != base_version:
            raise EditConflictError(matter_step_conflict(self.repo, matter, step, base_version))
        step = copy.deepcopy(step)
        step.closed = False
        if step.id is None:
            expected = matter.next_kind()
            if matter.open_step() is not None:
                raise ValidationError(
                    _("Close or delete the step being recorded before starting another.")
                )
            if expected is None:
                raise ValidationError(
                    _("“{title}” is {status}: no further meeting is held.").format(
                        title=matter.title, status=matter.status.label
                    )
                )
            if step.kind is not expected:
                raise MatterInputError(
                    _("The next step of “{title}” is {step}.").format(
                        title=matter.title, step=expected.label
                    ),
                    [Problem("step", _("The previous step has not passed."))],
                )
            matter.steps.append(step)
        else:
            index = next((k for k, s in enumerate(matter.steps) if s.id == step.id), None)
            if index is None:
                raise NotFoundError(_("The step belongs to another matter."))
            if matter.steps[index].closed:
                raise ValidationError(_("A closed step cannot be changed."))
            step.kind = matter.steps[index].kind
            matter.steps[index] = step
        _raise(matter.title, input_problems(step, previous_closed(matter, step)))
        base = matter.version

        def conflict() -> EditConflict:  # saved by someone else between reading and writing
            return matter_step_conflict(self.repo, self.get(matter_id), step, base)

        with refusing_stale(conflict), self.repo.transaction():
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.step",
                organization_id=matter.organization_id,
                changes={
                    step.kind.value: (
                        None,
                        (
                            f"{step.held_on} {step.present}/{step.members} "
                            f"{step.votes_for}/{step.votes_against}/{step.abstentions}"
                        ),
                    )
                },
            )
        return matter

    def close_step(self, matter_id: int, step_id: int) -> Matter:
        """Check the open step against every rule and close it; ends the matter if it says so."""
        matter = self.get(matter_id)
        step = next((s for s in matter.steps if s.id == step_id), None)
        if step is None:
            raise NotFoundError(_("The step belongs to another matter."))
        if step.closed:
            return matter
        _raise(matter.title, self.check_step(matter, step))
        step.closed = True
        with self.repo.transaction():
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.close_step",
                organization_id=matter.organization_id,
                changes={
                    step.kind.value: (None, step.outcome.value if step.outcome else None),
                },
            )
        return matter

    def reopen_last_step(self, matter_id: int) -> Matter:
        """Open the last closed meeting again to correct it (before anything was disclosed)."""
        matter = self.get(matter_id)
        if matter.open_step() is not None or not matter.steps:
            raise ValidationError(_("Only the last closed step can be reopened."))
        if matter.resolution_item_id is not None or matter.implemented_on is not None:
            raise ValidationError(
                _(
                    "“{title}” has a resolution disclosure or is implemented; its steps stay "
                    "closed."
                ).format(title=matter.title)
            )
        step = matter.steps[-1]
        step.closed = False
        with self.repo.transaction():
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.reopen_step",
                organization_id=matter.organization_id,
                changes={step.kind.value: ("closed", "open")},
            )
        return matter

    def delete_open_step(self, matter_id: int) -> Matter:
        """Drop the step being recorded (closed steps stay in the record)."""
        matter = self.get(matter_id)
        step = matter.open_step()
        if step is None:
            return matter
        matter.steps.remove(step)
        with self.repo.transaction():
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.delete_step",
                organization_id=matter.organization_id,
                changes={step.kind.value: (str(step.held_on), None)},
            )
        return matter

    def mark_implemented(
        self,
        matter_id: int,
        *,
        on: date,
        summary: str = "",
        spending: list[LedgerRow] | None = None,
    ) -> Matter:
        """Record that a resolved matter was carried out, with the money spent."""
        matter = self.get(matter_id)
        if (
            matter.status is not MatterStatus.RESOLVED
            and matter.status is not MatterStatus.IMPLEMENTED
        ):
            raise ValidationError(
                _("“{title}” has no passed resolution yet.").format(title=matter.title)
            )
        if on > self.ctx.today():
            raise MatterInputError(
                matter.title, [Problem("implemented_on", _("The date is in the future."))]
            )
        rows: list[LedgerRow] = [*(spending or [])]
        for n, row in enumerate(rows, start=1):
            if row.income < 0 or row.expense < 0:
                raise MatterInputError(
                    matter.title,
                    [Problem("spending", _("Row {n}: amounts cannot be negative.").format(n=n))],
                )
        matter.implemented_on, matter.result_summary, matter.spending = on, summary.strip(), rows
        _raise(matter.title, matter_problems(matter))
        with self.repo.transaction():
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.implemented",
                organization_id=matter.organization_id,
                changes={"implemented_on": (None, on.isoformat())},
            )
        return matter

    # ----- disclosures ------------------------------------------------------------------------
    def _category_id(self, org_id: int, name: str) -> int | None:
        return next((c.id for c in self.repo.list_categories(org_id) if c.name == name), None)

    def _linked(self, item_id: int | None) -> Item | None:
        return self.repo.get_item(item_id) if item_id is not None else None

    def disclose_resolution(self, matter_id: int, *, on: date | None = None) -> Item:
        """决议公开: draft the 即时公开 item from the matter and its meetings (one per matter)."""
        matter = self.get(matter_id)
        existing = self._linked(matter.resolution_item_id)
        if existing is not None:
            return existing
        resolution = matter.resolution()
        if resolution is None:
            raise ValidationError(
                _("“{title}” has no passed resolution yet.").format(title=matter.title)
            )
        start = on or self.ctx.today()
        if resolution.held_on and start < resolution.held_on:
            raise MatterInputError(
                matter.title,
                [Problem("publish_date", _("The notice cannot start before the resolution."))],
            )
        org = self.repo.get_organization(stored_id(matter.organization_id))
        settings = self.settings(stored_id(org.id))
        item = self._new_item(
            matter,
            resolution_title(matter),
            resolution_body(matter, settings, start, org.phone),
            responsible=resolution.chair,
        )
        item.publish_date = start
        item.expire_date = date.fromordinal(start.toordinal() + settings.notice_days - 1)
        with self.repo.transaction():
            item = self.items.save(item)
            matter.resolution_item_id = item.id
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.disclose_resolution",
                item_id=item.id,
                organization_id=matter.organization_id,
                changes={"matter": (None, matter.title)},
            )
        return item

    def disclose_result(self, matter_id: int) -> Item:
        """实施结果公开: draft the result item (with the spending ledger) of an implemented
        matter."""
        matter = self.get(matter_id)
        existing = self._linked(matter.result_item_id)
        if existing is not None:
            return existing
        if matter.status is not MatterStatus.IMPLEMENTED:
            raise ValidationError(
                _("“{title}” is not marked implemented yet.").format(title=matter.title)
            )
        resolution = matter.resolution()
        item = self._new_item(
            matter,
            result_title(matter),
            result_body(matter),
            responsible=resolution.chair if resolution is not None else "",
        )
        item.ledger = [copy.copy(r) for r in matter.spending]
        item.opening_balance = Decimal("0.00") if matter.spending else None
        with self.repo.transaction():
            item = self.items.save(item)
            matter.result_item_id = item.id
            self.store.save(matter, now=self.ctx.now())
            self.ctx.audit(
                "matter.disclose_result",
                item_id=item.id,
                organization_id=matter.organization_id,
                changes={"matter": (None, matter.title)},
            )
        return item

    def _new_item(self, matter: Matter, title: str, body: str, responsible: str = "") -> Item:
        org_id = matter.organization_id
        return Item(
            title=title,
            body=body,
            publication_type=PublicationType.IMMEDIATE,
            organization_id=org_id,
            category_id=self._category_id(stored_id(org_id), MATTER_CATEGORY),
            scope=Scope.PUBLIC,
            retention=Retention.PERMANENT,
            responsible=responsible or matter.proposer,
        )

    def scope_and_workflow_items(self, org_id: int, *, responsible: str = "") -> list[Item]:
        """《四议两公开范围》 and 《四议两公开工作流程》 as 长期公开 drafts from the settings
        (``responsible`` is their 责任人; without one the clerk names one before submitting)."""
        org = self.repo.get_organization(org_id)
        settings = self.settings(org_id)
        short = org.name.replace("村民委员会", "").replace("党支部", "")
        made = []
        with self.repo.transaction():
            for title, body in (
                (f"{short}“四议两公开”范围", scope_body(org.name, settings)),
                (f"{short}“四议两公开”工作流程", workflow_body(settings)),
            ):
                item = Item(
                    title=title,
                    body=body,
                    publication_type=PublicationType.LONG_TERM,
                    organization_id=org_id,
                    category_id=self._category_id(org_id, RULES_CATEGORY),
                    scope=Scope.PUBLIC,
                    retention=Retention.PERMANENT,
                    responsible=responsible.strip(),
                )
                made.append(self.items.save(item))
        return made

    # ----- calendar ---------------------------------------------------------------------------
    def owed(self, org_id: int, on: date) -> list[MatterDue]:
        """Disclosures still owed on ``on``: a passed resolution or an implementation not yet
        published, due within the organization's working days (overdue after)."""
        settings = self.settings(org_id)
        out: list[MatterDue] = []
        for matter in self.store.matters_of(org_id):
            resolution = matter.resolution()
            if resolution is None or resolution.held_on is None:
                continue
            pending = [("resolution", resolution.held_on, matter.resolution_item_id)]
            if matter.implemented_on is not None:
                pending.append(("result", matter.implemented_on, matter.result_item_id))
            for what, since, item_id in pending:
                item = self._linked(item_id)
                if (
                    item is not None
                    and item.status in DISCLOSED
                    and (item.publish_date is None or item.publish_date <= on)
                ):
                    continue
                due = add_working_days(since, settings.overdue_working_days)
                out.append(MatterDue(matter, what, since, due, on > due, item))
        return sorted(out, key=lambda d: (d.due, d.matter.id or 0))


def owed_disclosures(ctx: Context, org_id: int, on: date) -> list[MatterDue]:
    """The 四议两公开 disclosures an organization still owes on ``on`` (for the calendar)."""
    return MatterService(ctx, ItemService(ctx)).owed(org_id, on)
