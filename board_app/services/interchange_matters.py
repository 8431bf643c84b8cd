"""四议两公开 matters in the interchange format (optional keys ``matters`` and
``matter_settings`` of ``board-app.items/1``; files without them stay valid).

Import checks every matter as the service would: the scope list, dates in order, no step before
the previous one passed, and the legal rules for every closed step (with the organization's
saved settings, which an import never replaces; else the file's). Any problem refuses the whole
file. Disclosure items are
referred to by 公开编号. A matter whose title already exists in the organization is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from board_app.domain.items import LedgerRow
from board_app.domain.matter_rules import (
    MatterSettings,
    close_problems,
    input_problems,
    matter_problems,
    previous_closed,
)
from board_app.domain.matters import END, Body, Matter, Outcome, Step, StepKind
from board_app.domain.money import MoneyError, parse_money
from board_app.i18n import _
from board_app.services.context import Context
from board_app.services.interchange_parse import normalise_number, read_json
from board_app.storage.matter_store import MatterStore

MATTER_KEYS = {
    "title",
    "kind",
    "proposer",
    "description",
    "budget",
    "implemented_on",
    "result_summary",
    "spending",
    "resolution_item",
    "result_item",
    "steps",
}
STEP_KEYS = {
    "kind",
    "body",
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
    "outcome",
    "supervisors_attended",
    "supervisors",
    "then",
    "closed",
}
SPENDING_KEYS = {"date", "voucher", "summary", "income", "expense"}
_COUNTS = ("members", "present", "votes_for", "votes_against", "abstentions")
_TEXTS = ("place", "chair", "recorder", "member_names", "present_names", "summary", "supervisors")


@dataclass
class ParsedMatter:
    """A matter read from a file with the 公开编号 of its disclosures."""

    matter: Matter
    resolution_number: str | None
    result_number: str | None


@dataclass
class MatterPlan:
    """What a file carries about matters."""

    settings: MatterSettings | None
    matters: list[ParsedMatter]


def _day(value: Any, where: str, problems: list[str]) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: {_('must be a date YYYY-MM-DD')}")
        return None


def _text(data: dict, key: str, where: str, problems: list[str]) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}, {key}: {_('must be text')}")
        return ""
    return value


def _short(title: str) -> str:
    """A title as a problem's location: at most 30 characters."""
    return title if len(title) <= 30 else title[:30] + "…"


def _unknown(data: dict, allowed: set[str], where: str, problems: list[str]) -> None:
    for key in getattr(data, "duplicates", ()):
        problems.append(f"{where}, {key}: {_('the key is given more than once')}")
    for key in sorted(set(data) - allowed):
        problems.append(f"{where}, {key}: {_('unknown key')}")


def _step(raw: Any, where: str, problems: list[str]) -> Step | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: {_('must be an object')}")
        return None
    _unknown(raw, STEP_KEYS, where, problems)
    try:
        kind = StepKind(raw.get("kind"))
        body = Body(raw["body"]) if raw.get("body") else None
        outcome = Outcome(raw["outcome"]) if raw.get("outcome") else None
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
        return None
    step = Step(
        kind=kind,
        body=body,
        outcome=outcome,
        held_on=_day(raw.get("held_on"), f"{where}, held_on", problems),
        supervisors_attended=raw.get("supervisors_attended") is True,
        closed=raw.get("closed", True) is True,
        then=_text(raw, "then", where, problems),
    )
    for key in _TEXTS:
        setattr(step, key, _text(raw, key, where, problems))
    for key in _COUNTS:
        value = raw.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append(f"{where}, {key}: {_('must be a whole number')}")
            value = None
        setattr(step, key, value)
    return step


def _money(value: Any, where: str, problems: list[str]) -> Decimal | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):  # as for items: a string, never a JSON number
        problems.append(where + ": " + _("must be an amount like 1200.50"))
        return None
    try:
        return parse_money(value)
    except MoneyError:
        problems.append(where + ": " + _("must be an amount like 1200.50"))
        return None


def _matter(raw: Any, n: int, problems: list[str]) -> ParsedMatter | None:
    where = _("matter {n}").format(n=n)
    if not isinstance(raw, dict):
        problems.append(f"{where}: {_('must be an object')}")
        return None
    _unknown(raw, MATTER_KEYS, where, problems)
    matter = Matter(
        title=_text(raw, "title", where, problems).strip(),
        kind=_text(raw, "kind", where, problems),
        proposer=_text(raw, "proposer", where, problems),
        description=_text(raw, "description", where, problems),
        budget=_money(raw.get("budget"), f"{where}, budget", problems),
        implemented_on=_day(raw.get("implemented_on"), f"{where}, implemented_on", problems),
        result_summary=_text(raw, "result_summary", where, problems),
    )
    where = _("matter {n} “{title}”").format(n=n, title=_short(matter.title))
    for k, row in enumerate(raw.get("spending") or [], start=1):
        at = f"{where}, spending {k}"
        if not isinstance(row, dict):
            problems.append(f"{at}: {_('must be an object')}")
            continue
        _unknown(row, SPENDING_KEYS, at, problems)
        matter.spending.append(
            LedgerRow(
                date=_day(row.get("date"), f"{at}, date", problems),
                voucher=_text(row, "voucher", at, problems),
                summary=_text(row, "summary", at, problems),
                income=_money(row.get("income", "0"), f"{at}, income", problems) or Decimal("0.00"),
                expense=_money(row.get("expense", "0"), f"{at}, expense", problems)
                or Decimal("0.00"),
            )
        )
    steps = raw.get("steps") or []
    if not isinstance(steps, list):
        problems.append(f"{where}, steps: {_('must be a list')}")
        steps = []
    for k, raw_step in enumerate(steps, start=1):
        step = _step(raw_step, f"{where}, step {k}", problems)
        if step is not None:
            matter.steps.append(step)
    numbers = []
    for key in ("resolution_item", "result_item"):
        value = _text(raw, key, where, problems).strip()
        numbers.append(normalise_number(value) if value else None)
    return ParsedMatter(matter, numbers[0], numbers[1])


def check_matter(matter: Matter, settings: MatterSettings, today: date) -> list[str]:
    """Problems of a whole recorded matter, replayed step by step, each naming its field."""
    found = [p.located() for p in matter_problems(matter)]
    if matter.kind and matter.kind not in settings.scope:
        found.append(
            _("“{kind}” is not in the organization's scope list.").format(kind=matter.kind)
        )
    replay = Matter(title=matter.title)
    opened = 0
    for k, step in enumerate(matter.steps, start=1):
        prefix = _("step {n}").format(n=k)
        expected = replay.next_kind()
        if step.kind is not expected:
            found.append(
                prefix
                + "："
                + _("out of order: the next step is {step}.").format(
                    step=expected.label if expected else "—"
                )
            )
            break
        previous = previous_closed(replay, step)
        if step.closed:
            problems = close_problems(step, previous, settings, today)
        else:
            opened += 1
            problems = input_problems(step, previous)
        found += [f"{prefix}，{p.located()}" for p in problems]
        replay.steps.append(step)
    if opened > 1 or (opened == 1 and matter.steps and matter.steps[-1].closed):
        found.append(_("Only the last step may be open."))
    return found


SETTINGS_KEYS = {"scope", "notice_days", "overdue_working_days", "workflow", "rules"}
RULE_KEYS = {"quorum", "passing", "basis", "source"}


def _settings_shape_ok(raw: Any, problems: list[str]) -> bool:
    """Keys and types of ``matter_settings`` (values are checked by MatterSettings)."""
    where = "matter_settings"
    if not isinstance(raw, dict):
        problems.append(f"{where}: {_('must be an object')}")
        return False
    before = len(problems)
    _unknown(raw, SETTINGS_KEYS, where, problems)
    for key in ("notice_days", "overdue_working_days"):
        value = raw.get(key, 1)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 365:
            problems.append(f"{where}, {key}: {_('must be a whole number from 1 to 365')}")
    for key in ("scope", "workflow"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}, {key}: {_('must be a list of texts')}")
    rules = raw.get("rules", {})
    if not isinstance(rules, dict):
        problems.append(f"{where}, rules: {_('must be an object')}")
    else:
        for body, rule in rules.items():
            at = f"{where}, rules, {body}"
            if body not in {b.value for b in Body} or not isinstance(rule, dict):
                problems.append(f"{at}: {_('unknown key')}")
                continue
            _unknown(rule, RULE_KEYS, at, problems)
            for key in ("quorum", "passing"):
                share = rule.get(key)
                if not (
                    isinstance(share, list)
                    and len(share) == 3
                    and all(isinstance(v, int) and not isinstance(v, bool) for v in share[:2])
                    and isinstance(share[2], bool)
                ):
                    problems.append(f"{at}, {key}: [1, 2, true]")
            if not isinstance(rule.get("source", ""), str):
                problems.append(f"{at}, source: {_('must be text')}")
    return len(problems) == before


def parse(path: Path, problems: list[str]) -> MatterPlan:
    """Read the optional matter keys of an interchange file (problems are appended).

    Workbooks (.xlsx, .csv …) carry items only: no matters."""
    from board_app.services.office_items import is_items_workbook

    if is_items_workbook(path):
        return MatterPlan(None, [])
    return parse_data(read_json(path), problems)


def parse_data(data: Any, problems: list[str]) -> MatterPlan:
    """The matter plan of an already read document (its ``matters``/``matter_settings``)."""
    settings = None
    if isinstance(data, dict) and data.get("matter_settings") is not None:
        raw_settings = data["matter_settings"]
        if _settings_shape_ok(raw_settings, problems):
            try:
                settings = MatterSettings.from_json(raw_settings)
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                problems.append(f"matter_settings: {exc}")
    raw = data.get("matters") if isinstance(data, dict) else None
    if raw is None:
        return MatterPlan(settings, [])
    if not isinstance(raw, list):
        problems.append(f"matters: {_('must be a list')}")
        return MatterPlan(settings, [])
    matters = [m for n, r in enumerate(raw, start=1) if (m := _matter(r, n, problems))]
    return MatterPlan(settings, matters)


def effective_settings(plan: MatterPlan, ctx: Context, org_id: int | None) -> MatterSettings:
    """The settings the matters are checked with: an organization's saved settings are kept;
    else the file's; else the defaults."""
    store = MatterStore(ctx.repo)
    if org_id is not None and store.has_settings(org_id):
        return store.settings(org_id)
    return plan.settings or MatterSettings()


def check(
    plan: MatterPlan, ctx: Context, org_id: int | None, item_numbers: set[str], problems: list[str]
) -> None:
    """Check every matter against the rules and its disclosure numbers against the file."""
    settings = effective_settings(plan, ctx, org_id)
    existing = set(item_numbers)
    if org_id is not None:
        existing |= {i.number for i in ctx.repo.list_items(org_id, details=False) if i.number}
    for n, parsed in enumerate(plan.matters, start=1):
        where = _("matter {n} “{title}”").format(n=n, title=_short(parsed.matter.title))
        for message in check_matter(parsed.matter, settings, ctx.today()):
            problems.append(f"{where}，{message}")
        for number in (parsed.resolution_number, parsed.result_number):
            if number and number not in existing:
                missing = _("no item has the number {number}").format(number=number)
                problems.append(f"{where}: {missing}")


def write(plan: MatterPlan, ctx: Context, org_id: int) -> tuple[list[str], list[str]]:
    """Save the matters (inside the import's transaction); returns (added, skipped) titles."""
    store = MatterStore(ctx.repo)
    if plan.settings is not None and not store.has_settings(org_id):
        store.save_settings(org_id, plan.settings)
    titles = {m.title for m in store.matters_of(org_id)}
    added, skipped = [], []
    for parsed in plan.matters:
        matter = parsed.matter
        if matter.title in titles:
            skipped.append(matter.title)
            continue
        matter.organization_id = org_id
        for number, attr in (
            (parsed.resolution_number, "resolution_item_id"),
            (parsed.result_number, "result_item_id"),
        ):
            found = ctx.repo.find_item_by_number(org_id, number) if number else None
            setattr(matter, attr, found.id if found else None)
        store.save(matter, now=ctx.now())
        ctx.audit("matter.import", organization_id=org_id, changes={"matter": (None, matter.title)})
        titles.add(matter.title)
        added.append(matter.title)
    return added, skipped


def export(ctx: Context, org_id: int) -> dict[str, Any]:
    """The matter keys of an organization's export ({} when it has no matters)."""
    store = MatterStore(ctx.repo)
    matters = store.matters_of(org_id)
    if not matters:
        return {}
    numbers = {i.id: i.number for i in ctx.repo.list_items(org_id, details=False)}

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    records = []
    for m in matters:
        records.append(
            {
                "title": m.title,
                "kind": m.kind,
                "proposer": m.proposer,
                "description": m.description,
                "budget": str(m.budget) if m.budget is not None else None,
                "implemented_on": day(m.implemented_on),
                "result_summary": m.result_summary,
                "spending": [
                    {
                        "date": day(r.date),
                        "voucher": r.voucher,
                        "summary": r.summary,
                        "income": str(r.income),
                        "expense": str(r.expense),
                    }
                    for r in m.spending
                ],
                "resolution_item": numbers.get(m.resolution_item_id),
                "result_item": numbers.get(m.result_item_id),
                "steps": [
                    {
                        "kind": s.kind.value,
                        # a stored step has its body (save_step refuses one without)
                        "body": s.body.value,  # type: ignore[union-attr]
                        "held_on": day(s.held_on),
                        **{k: getattr(s, k) for k in (*_TEXTS, *_COUNTS)},
                        "outcome": s.outcome.value if s.outcome else None,
                        "supervisors_attended": s.supervisors_attended,
                        "then": s.then,
                        "closed": s.closed,
                    }
                    for s in m.steps
                ],
            }
        )
    return {"matter_settings": store.settings(org_id).to_json(), "matters": records}


__all__ = ["END", "MatterPlan", "check", "export", "parse", "write"]
