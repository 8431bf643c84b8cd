"""Subcommand ``matters``: 四议两公开 matters — list, show, record steps, disclose, print."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from board_app.cli.context import CliContext
from board_app.domain.ids import stored_id
from board_app.errors import UsageError
from board_app.i18n import _

if TYPE_CHECKING:
    from board_app.domain.items import Status
    from board_app.domain.matters import Matter

STEP_KINDS = ["proposal", "consultation", "review", "resolution"]
BODIES = [
    "branch_committee",
    "joint_committees",
    "party_members",
    "representatives",
    "villagers",
    "households",
]
OUTCOMES = ["passed", "rejected", "reconsider"]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date like 2026-07-10").format(value=text)
        ) from None


def _count(text: str) -> int:
    if not text.isdecimal():
        raise argparse.ArgumentTypeError(
            _("{value} is not a whole number of 0 or more").format(value=text)
        )
    return int(text)


def _money(text: str) -> Decimal:
    from board_app.domain.money import MoneyError, parse_money

    try:
        return parse_money(text)
    except MoneyError:
        raise argparse.ArgumentTypeError(
            _("{value} is not an amount like 1200.50").format(value=text)
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``matters`` with its actions."""
    p = sub.add_parser("matters", help=_("四议两公开 matters: four deliberations, two disclosures"))
    acts = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    a = acts.add_parser("list", help=_("list matters with their four-step progress"))
    a.add_argument("--org", help=_("organization name"))
    a.set_defaults(handler=cmd_list)

    a = acts.add_parser("show", help=_("show a matter, its meetings and disclosures"))
    a.add_argument("id", type=int)
    a.set_defaults(handler=cmd_show)

    a = acts.add_parser("new", help=_("add a matter"))
    a.add_argument("--org", required=True, help=_("organization name"))
    a.add_argument("--title", required=True)
    a.add_argument("--kind", default="", help=_("an entry of the organization's scope list"))
    a.add_argument("--proposer", default="")
    a.add_argument("--description", default="")
    a.add_argument("--budget", type=_money)
    a.set_defaults(handler=cmd_new)

    a = acts.add_parser("step", help=_("record the next meeting (or change the open one)"))
    a.add_argument("id", type=int)
    a.add_argument("--kind", choices=STEP_KINDS, help=_("default: the next step due"))
    a.add_argument("--body", choices=BODIES, help=_("the meeting that held the step"))
    a.add_argument("--date", type=_date, dest="held_on")
    a.add_argument("--place", default="")
    a.add_argument("--chair", default="")
    a.add_argument("--recorder", default="")
    a.add_argument("--members", type=_count, help=_("how many should attend"))
    a.add_argument("--present", type=_count, help=_("how many attended"))
    a.add_argument("--for", type=_count, dest="votes_for")
    a.add_argument("--against", type=_count, dest="votes_against")
    a.add_argument("--abstain", type=_count, dest="abstentions")
    a.add_argument("--outcome", choices=OUTCOMES)
    a.add_argument(
        "--then",
        choices=[*STEP_KINDS, "end"],
        help=_("after a failed vote: the step to return to, or end"),
    )
    a.add_argument("--summary", default="")
    a.add_argument("--supervisors", help=_("村务监督委员会 members who attended"))
    a.add_argument("--close", action="store_true", help=_("check the rules and close the step"))
    a.set_defaults(handler=cmd_step)

    a = acts.add_parser("delete", help=_("delete a matter that has no published disclosure"))
    a.add_argument("id", type=int)
    a.set_defaults(handler=cmd_delete)

    a = acts.add_parser("reopen", help=_("reopen the last closed step to correct it"))
    a.add_argument("id", type=int)
    a.set_defaults(handler=cmd_reopen)

    a = acts.add_parser("implemented", help=_("mark a resolved matter implemented"))
    a.add_argument("id", type=int)
    a.add_argument("--on", type=_date, required=True)
    a.add_argument("--summary", default="")
    a.set_defaults(handler=cmd_implemented)

    a = acts.add_parser("disclose", help=_("draft the 决议公开 or 实施结果公开 item"))
    a.add_argument("id", type=int)
    a.add_argument("which", choices=["resolution", "result"])
    a.set_defaults(handler=cmd_disclose)

    a = acts.add_parser("sheet", help=_("print the one-page record sheet of a matter (A4 PDF)"))
    a.add_argument("id", type=int)
    a.add_argument("--out", required=True, type=Path)
    a.set_defaults(handler=cmd_sheet)

    a = acts.add_parser("settings", help=_("show or change an organization's 四议两公开 settings"))
    a.add_argument("--org", required=True, help=_("organization name"))
    a.add_argument("--notice-days", type=_count, help=_("公示 days of the resolution disclosure"))
    a.add_argument(
        "--working-days", type=_count, help=_("working days within which each disclosure is due")
    )
    a.add_argument(
        "--scope-file",
        type=Path,
        help=_("UTF-8 text file with the 四议两公开范围, one entry a line"),
    )
    a.add_argument(
        "--rule",
        nargs=4,
        action="append",
        default=[],
        metavar=("MEETING", "ATTENDANCE", "PASSING", "BASIS"),
        help=_("change a meeting rule, e.g. representatives 2/3 '>1/2' present"),
    )
    a.add_argument("--source", default="", help=_("legal source of the changed rules"))
    a.set_defaults(handler=cmd_settings)

    a = acts.add_parser(
        "rules-items", help=_("draft the 四议两公开范围 and 工作流程 as long-term items")
    )
    a.add_argument("--org", required=True, help=_("organization name"))
    a.add_argument("--responsible", default="", help=_("the person responsible (责任人)"))
    a.set_defaults(handler=cmd_rules_items)


def _line(matter: Matter) -> str:
    return f"{matter.id:>4}  {matter.progress_mark():<5}  {matter.status.label:<6}  {matter.title}"


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    svc = ctx.services
    org_id = svc.orgs.by_name(args.org).id if args.org else None
    matters = svc.matters.matters_of(org_id)
    for matter in matters:
        ctx.echo(_line(matter))
    ctx.echo(_("{count} matter(s)").format(count=len(matters)))
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    svc = ctx.services
    matter = svc.matters.get(args.id)
    org = svc.orgs.get(stored_id(matter.organization_id))
    ctx.echo(_line(matter))
    ctx.echo(_("Organization: {name}").format(name=org.name))
    for label, value in (
        (_("Kind"), matter.kind),
        (_("Proposer"), matter.proposer),
        (_("Budget"), f"{matter.budget} 元" if matter.budget is not None else ""),
        (_("Description"), matter.description),
    ):
        if value:
            ctx.echo(f"{label}: {value}")
    for n, step in enumerate(matter.steps, start=1):
        mark = "" if step.closed else _("(open)")
        ctx.echo(
            f"  {n}. {step.kind.label} {mark} {step.held_on or ''} "
            + (step.body.label if step.body else "")
        )
        if step.members is not None:
            ctx.echo(
                "     "
                + _("{present} of {members} attended").format(
                    present=step.present, members=step.members
                )
            )
        if step.tally():
            ctx.echo("     " + step.tally())
        if step.outcome:
            ctx.echo("     " + step.outcome.label)
    nxt = matter.next_kind()
    if nxt is not None:
        ctx.echo(_("Next step: {step}").format(step=nxt.label))
    if matter.implemented_on:
        ctx.echo(_("Implemented on {date}").format(date=matter.implemented_on.isoformat()))
    for label, item_id in (
        (_("Resolution disclosure"), matter.resolution_item_id),
        (_("Result disclosure"), matter.result_item_id),
    ):
        if item_id is not None:
            item = svc.items.get(item_id)
            ctx.echo(
                f"{label}: #{item.id} {item.number or ''} {item.title} ({_status(item.status)})"
            )
    return 0


def _status(status: Status) -> str:
    from board_app.services.items import status_label

    return status_label(status)


def cmd_new(args: argparse.Namespace, ctx: CliContext) -> int:
    from board_app.domain.matters import Matter

    svc = ctx.services
    org = svc.orgs.by_name(args.org)
    matter = svc.matters.create(
        Matter(
            title=args.title,
            organization_id=org.id,
            kind=args.kind,
            proposer=args.proposer,
            description=args.description,
            budget=args.budget,
        )
    )
    ctx.echo(_("Matter {id} added: {title}").format(id=matter.id, title=matter.title))
    return 0


def cmd_step(args: argparse.Namespace, ctx: CliContext) -> int:
    from dataclasses import replace

    from board_app.domain.matters import Body, Outcome, Step, StepKind

    svc = ctx.services
    matter = svc.matters.get(args.id)
    current = matter.open_step()
    if current is None:
        kind = StepKind(args.kind) if args.kind else matter.next_kind()
        if kind is None:
            raise UsageError(
                _("“{title}” is {status}: no further meeting is held.").format(
                    title=matter.title, status=matter.status.label
                )
            )
        current = Step(kind=kind)
    elif args.kind and args.kind != current.kind.value:
        raise UsageError(_("Close or delete the step being recorded before starting another."))
    changes: dict[str, Any] = {}  # Step fields, given to dataclasses.replace
    for name in ("held_on", "members", "present", "votes_for", "votes_against", "abstentions"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    for name in ("place", "chair", "recorder", "summary"):
        if getattr(args, name):
            changes[name] = getattr(args, name)
    if args.body:
        changes["body"] = Body(args.body)
    if args.outcome:
        changes["outcome"] = Outcome(args.outcome)
    if args.then:
        changes["then"] = args.then
    if args.supervisors is not None:
        changes["supervisors_attended"] = bool(args.supervisors.strip())
        changes["supervisors"] = args.supervisors.strip()
    matter = svc.matters.save_step(args.id, replace(current, **changes))
    step = matter.open_step()
    if args.close and step is not None:
        matter = svc.matters.close_step(args.id, stored_id(step.id))
        ctx.echo(_("Step closed: {step}").format(step=step.kind.label))
    else:
        ctx.echo(_("Step saved: {step}").format(step=step.kind.label if step else ""))
        for problem in svc.matters.check_step(matter, step) if step else []:
            ctx.warn(f"  {problem.field}: {problem.message}")
    ctx.echo(_line(matter))
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    matter = ctx.services.matters.get(args.id)
    ctx.services.matters.delete(args.id)
    ctx.echo(_("Matter {id} deleted: {title}").format(id=args.id, title=matter.title))
    return 0


def cmd_reopen(args: argparse.Namespace, ctx: CliContext) -> int:
    matter = ctx.services.matters.reopen_last_step(args.id)
    ctx.echo(_line(matter))
    return 0


def cmd_implemented(args: argparse.Namespace, ctx: CliContext) -> int:
    matter = ctx.services.matters.mark_implemented(args.id, on=args.on, summary=args.summary)
    ctx.echo(_line(matter))
    return 0


def cmd_disclose(args: argparse.Namespace, ctx: CliContext) -> int:
    svc = ctx.services.matters
    item = (svc.disclose_resolution if args.which == "resolution" else svc.disclose_result)(args.id)
    ctx.echo(
        _("Draft item #{id}: {title} (submit it for review to publish)").format(
            id=item.id, title=item.title
        )
    )
    return 0


def cmd_sheet(args: argparse.Namespace, ctx: CliContext) -> int:
    from board_app.services.matter_paper import write_record_sheet

    path = write_record_sheet(ctx.services, args.id, args.out)
    ctx.echo(_("Record sheet written to {path}").format(path=path))
    return 0


def cmd_rules_items(args: argparse.Namespace, ctx: CliContext) -> int:
    svc = ctx.services
    org = svc.orgs.by_name(args.org)
    for item in svc.matters.scope_and_workflow_items(
        stored_id(org.id), responsible=args.responsible
    ):
        ctx.echo(
            _("Draft item #{id}: {title} (submit it for review to publish)").format(
                id=item.id, title=item.title
            )
        )
    return 0


def cmd_settings(args: argparse.Namespace, ctx: CliContext) -> int:
    from dataclasses import replace

    from board_app.domain.matter_rules import Basis, MeetingRule, parse_threshold
    from board_app.domain.matters import Body

    svc = ctx.services
    org = svc.orgs.by_name(args.org)
    settings = svc.matters.settings(stored_id(org.id))
    changed = False
    if args.notice_days is not None:
        settings.notice_days, changed = args.notice_days, True
    if args.working_days is not None:
        settings.overdue_working_days, changed = args.working_days, True
    if args.scope_file is not None:
        try:
            text = args.scope_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(
                _("{file}: cannot be read ({error}).").format(file=args.scope_file, error=exc)
            ) from exc
        settings.scope, changed = [ln.strip() for ln in text.splitlines() if ln.strip()], True
    for body_text, quorum, passing, basis in args.rule:
        try:
            body = Body(body_text)
            rule = MeetingRule(
                parse_threshold(quorum),
                parse_threshold(passing),
                Basis(basis),
                args.source or settings.rule(body).source,
            )
        except ValueError as exc:
            raise UsageError(
                _("Bad rule {rule}: {error}").format(
                    rule=f"{body_text} {quorum} {passing} {basis}", error=exc
                )
            ) from exc
        settings = replace(settings, rules={**settings.rules, body: rule})
        changed = True
    if changed:
        settings = svc.matters.save_settings(stored_id(org.id), settings)
    ctx.echo(
        _("Notice days: {days}; disclose within {working} working days").format(
            days=settings.notice_days, working=settings.overdue_working_days
        )
    )
    ctx.echo(_("Scope:"))
    for entry in settings.scope:
        ctx.echo(f"  {entry}")
    for body, rule in settings.rules.items():
        ctx.echo(
            f"  {body.value:<17} {rule.quorum.code():<6} {rule.passing.code():<6} "
            f"{rule.basis.value:<8} {rule.source}"
        )
    return 0
