"""The rules a 四议两公开 meeting is checked against, each with its source (pure functions).

Defaults (docs/matters.md quotes the texts and where they were read):

* 村民代表会议: 《村民委员会组织法》第二十六条 — 有三分之二以上的组成人员参加方可召开，所作决定
  应当经到会人员的过半数同意.
* 村民会议: 同法第二十二条 — 应当有本村十八周岁以上村民的过半数，或者本村三分之二以上的户的代表
  参加，所作决定应当经到会人员的过半数通过.
* 党员大会: 《中国共产党支部工作条例（试行）》第十一条 — 表决必须有半数以上有表决权的党员到会方可
  进行，赞成人数超过应到会有表决权的党员的半数为通过.
* 支部委员会会议: 同条例第十二条 — 须有半数以上委员到会方可进行 (the passing rule, 少数服从多数, is
  taken as more than half of those present).
* 村"两委"联席会议: no statute sets a number; the default asks for more than half present and
  more than half of those present in favour, and says so.

"以上" includes the number itself in Chinese legal drafting, so "半数以上" is *at least* half and
"三分之二以上" at least two thirds; "过半数" and "超过…半数" are *more than* half. Every rule can be
changed per organization (:class:`MatterSettings`) where a province's rules differ.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from board_app.domain import limits
from board_app.domain.matters import (
    BODIES_FOR_STEP,
    DEFAULT_SCOPE,
    END,
    Body,
    Matter,
    Outcome,
    Step,
    StepKind,
)
from board_app.i18n import N_, _


class Basis(str, enum.Enum):
    """What the passing share is counted of."""

    PRESENT = "present"  # 到会人员
    MEMBERS = "members"  # 应到会人员


@dataclass(frozen=True)
class Threshold:
    """A share of a whole: ``strict`` means more than num/den (过半数), else at least (以上)."""

    num: int
    den: int
    strict: bool

    def met(self, count: int, whole: int) -> bool:
        """Whether ``count`` out of ``whole`` reaches the share."""
        if self.strict:
            return count * self.den > self.num * whole
        return count * self.den >= self.num * whole

    def minimum(self, whole: int) -> int:
        """The smallest count that reaches the share of ``whole``."""
        need = self.num * whole // self.den
        return need + 1 if self.strict or need * self.den < self.num * whole else need

    def code(self) -> str:
        """ ">1/2" or "≥2/3" (what :func:`parse_threshold` reads)."""
        return f"{'>' if self.strict else '≥'}{self.num}/{self.den}"

    def text(self) -> str:
        """ "more than 1/2" / "at least 2/3" (translated)."""
        share = f"{self.num}/{self.den}"
        return (_("more than {share}") if self.strict else _("at least {share}")).format(
            share=share
        )


# Text sizes no real record reaches (see domain/limits.py); the title leaves room for
# "关于…的实施结果公开" within an item title, the texts for the drafted disclosure body.
MATTER_TEXT_LIMITS = {
    "title": limits.TITLE_MAX - 12,
    "kind": limits.SHORT_TEXT_MAX,
    "proposer": limits.SHORT_TEXT_MAX,
    "description": limits.BODY_MAX // 5,
    "result_summary": limits.BODY_MAX // 5,
}
STEP_TEXT_LIMITS = {
    "place": limits.SHORT_TEXT_MAX,
    "chair": limits.SHORT_TEXT_MAX,
    "recorder": limits.SHORT_TEXT_MAX,
    "member_names": limits.BODY_MAX // 10,
    "present_names": limits.BODY_MAX // 10,
    "summary": limits.OPINION_MAX,
    "supervisors": limits.SHORT_TEXT_MAX,
}
MAX_COUNT = 10_000_000  # more people than any village or party organization has


def parse_threshold(text: str) -> Threshold:
    """ ">1/2" (more than half, 过半数) or "2/3" / ">=2/3" / "≥2/3" (at least, 以上); ValueError."""
    value = text.strip().replace(" ", "").replace("＞", ">").replace("／", "/")
    strict = value.startswith(">") and not value.startswith(">=")
    value = value.lstrip(">=≥")
    num, sep, den = value.partition("/")
    if not sep or not num.isdigit() or not den.isdigit():
        raise ValueError(text)
    return _threshold([int(num), int(den), strict])


HALF_OR_MORE = Threshold(1, 2, strict=False)  # 半数以上
MORE_THAN_HALF = Threshold(1, 2, strict=True)  # 过半数
TWO_THIRDS = Threshold(2, 3, strict=False)  # 三分之二以上


@dataclass(frozen=True)
class MeetingRule:
    """Attendance (of the members) and passing (of those present or of the members)."""

    quorum: Threshold
    passing: Threshold
    basis: Basis
    source: str

    def quorum_met(self, present: int, members: int) -> bool:
        return members > 0 and self.quorum.met(present, members)

    def passes(self, votes_for: int, present: int, members: int) -> bool:
        whole = present if self.basis is Basis.PRESENT else members
        return whole > 0 and self.passing.met(votes_for, whole)


_ORG_LAW = "《中华人民共和国村民委员会组织法》"
_BRANCH_RULES = "《中国共产党支部工作条例（试行）》"

DEFAULT_RULES: dict[Body, MeetingRule] = {
    Body.BRANCH_COMMITTEE: MeetingRule(
        HALF_OR_MORE,
        MORE_THAN_HALF,
        Basis.PRESENT,
        f"{_BRANCH_RULES}第十二条：支部委员会会议须有半数以上委员到会方可进行；少数服从多数",
    ),
    Body.JOINT_COMMITTEES: MeetingRule(
        MORE_THAN_HALF,
        MORE_THAN_HALF,
        Basis.PRESENT,
        "法律未规定人数；本单位议事规则：过半数成员到会，到会人员过半数同意",
    ),
    Body.PARTY_MEMBERS: MeetingRule(
        HALF_OR_MORE,
        MORE_THAN_HALF,
        Basis.MEMBERS,
        f"{_BRANCH_RULES}第十一条：表决必须有半数以上有表决权的党员到会方可进行，"
        "赞成人数超过应到会有表决权的党员的半数为通过",
    ),
    Body.REPRESENTATIVES: MeetingRule(
        TWO_THIRDS,
        MORE_THAN_HALF,
        Basis.PRESENT,
        f"{_ORG_LAW}第二十六条：村民代表会议有三分之二以上的组成人员参加方可召开，"
        "所作决定应当经到会人员的过半数同意",
    ),
    Body.VILLAGERS: MeetingRule(
        MORE_THAN_HALF,
        MORE_THAN_HALF,
        Basis.PRESENT,
        f"{_ORG_LAW}第二十二条：应当有本村十八周岁以上村民的过半数参加，"
        "所作决定应当经到会人员的过半数通过",
    ),
    Body.HOUSEHOLDS: MeetingRule(
        TWO_THIRDS,
        MORE_THAN_HALF,
        Basis.PRESENT,
        f"{_ORG_LAW}第二十二条：应当有本村三分之二以上的户的代表参加，"
        "所作决定应当经到会人员的过半数通过",
    ),
}

DEFAULT_WORKFLOW: tuple[str, ...] = (
    "一、村党组织提议：村党组织在广泛听取党员群众意见的基础上，召开支部委员会会议研究提出初步意见。",
    "二、村“两委”商议：召开村“两委”联席会议，对村党组织的提议进行充分讨论，形成商议方案。",
    (
        "三、党员大会审议：召开党员大会审议商议方案，有表决权的党员半数以上到会方可进行，"
        "赞成人数超过应到会有表决权党员的半数为通过。"
    ),
    (
        "四、村民代表会议或村民会议决议：村民代表会议有三分之二以上组成人员参加方可召开，"
        "所作决定经到会人员过半数同意；村民会议须有本村十八周岁以上村民过半数或三分之二以上户的代表参加，"
        "所作决定经到会人员过半数通过。"
    ),
    (
        "五、决议公开：决议通过后{days}个工作日内在村务公开栏公布决议内容和表决情况，公示期不少于{notice}天，"
        "收集、处理并反馈群众意见。"
    ),
    "六、实施结果公开：事项实施完成后{days}个工作日内公开实施结果，涉及资金的同时公开收支明细。",
)


@dataclass
class MatterSettings:
    """An organization's 四议两公开 settings: scope list, meeting rules, disclosure days."""

    scope: list[str] = field(default_factory=lambda: list(DEFAULT_SCOPE))
    rules: dict[Body, MeetingRule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    notice_days: int = 7  # 公示 days of the 决议公开 item
    overdue_working_days: int = 3  # disclose within this many working days
    workflow: list[str] = field(default_factory=lambda: list(DEFAULT_WORKFLOW))

    def rule(self, body: Body) -> MeetingRule:
        return self.rules.get(body, DEFAULT_RULES[body])

    def workflow_lines(self) -> list[str]:
        """The 工作流程 with the organization's day counts filled in."""
        return [
            line.replace("{days}", str(self.overdue_working_days)).replace(
                "{notice}", str(self.notice_days)
            )
            for line in self.workflow
        ]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (stored in the database and in interchange files)."""
        return {
            "scope": list(self.scope),
            "notice_days": self.notice_days,
            "overdue_working_days": self.overdue_working_days,
            "workflow": list(self.workflow),
            "rules": {
                body.value: {
                    "quorum": [r.quorum.num, r.quorum.den, r.quorum.strict],
                    "passing": [r.passing.num, r.passing.den, r.passing.strict],
                    "basis": r.basis.value,
                    "source": r.source,
                }
                for body, r in self.rules.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MatterSettings:
        """Settings from their JSON form; missing keys take the defaults. ValueError if bad."""
        out = cls()
        if "scope" in data:
            out.scope = [str(s).strip() for s in data["scope"] if str(s).strip()]
        if "notice_days" in data:
            out.notice_days = int(data["notice_days"])
        if "overdue_working_days" in data:
            out.overdue_working_days = int(data["overdue_working_days"])
        if "workflow" in data:
            out.workflow = [str(s) for s in data["workflow"] if str(s).strip()]
        for key, value in (data.get("rules") or {}).items():
            body = Body(key)
            out.rules[body] = MeetingRule(
                _threshold(value["quorum"]),
                _threshold(value["passing"]),
                Basis(value.get("basis", "present")),
                str(value.get("source", "")),
            )
        if out.notice_days < 1 or out.overdue_working_days < 1:
            raise ValueError("notice_days and overdue_working_days must be at least 1")
        return out


def _threshold(value: Any) -> Threshold:
    num, den, strict = int(value[0]), int(value[1]), bool(value[2])
    if den < 1 or not 0 < num <= den:
        raise ValueError(f"bad share {num}/{den}")
    return Threshold(num, den, strict)


FIELD_LABELS = {
    "step": N_("Step"),
    "kind": N_("Kind"),
    "body": N_("Meeting"),
    "held_on": N_("Date"),
    "place": N_("Place"),
    "chair": N_("Chaired by"),
    "recorder": N_("Minutes by"),
    "members": N_("Should attend"),
    "present": N_("Attended"),
    "votes_for": N_("For"),
    "votes_against": N_("Against"),
    "abstentions": N_("Abstaining"),
    "outcome": N_("Outcome"),
    "then": N_("If not passed"),
    "supervisors": N_("Supervision"),
    "title": N_("Title"),
    "budget": N_("Budget"),
    "implemented_on": N_("Implemented on"),
    "publish_date": N_("Publish date"),
    "spending": N_("Spending"),
    "scope": N_("Scope"),
    "notice_days": N_("Notice days"),
    "overdue_working_days": N_("Working days"),
    "proposer": N_("Proposer"),
    "description": N_("Description"),
    "result_summary": N_("Result"),
    "member_names": N_("Names (optional)"),
    "present_names": N_("Names (optional)"),
    "summary": N_("Discussion summary"),
}


@dataclass(frozen=True)
class Problem:
    """A rule failure at one field of a step (or of the matter); ``field`` names the attribute."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message

    def located(self) -> str:
        """ "实到人数：实到 9 人，但应到只有 7 人。" — the message with its field's name."""
        label = FIELD_LABELS.get(self.field)
        return f"{_(label)}：{self.message}" if label else self.message


# ----- checks -------------------------------------------------------------------------------
def input_problems(step: Step, previous: Step | None) -> list[Problem]:
    """Bad input that is never saved: counts out of range, dates out of order, wrong meeting.

    ``previous`` is the last closed meeting before this one.
    """
    problems: list[Problem] = []
    if step.body not in BODIES_FOR_STEP[step.kind]:
        problems.append(Problem("body", _("This meeting cannot hold this step.")))
    for name in ("members", "present", "votes_for", "votes_against", "abstentions"):
        value = getattr(step, name)
        if value is not None and value < 0:
            problems.append(Problem(name, _("A count cannot be negative.")))
        elif value is not None and value > MAX_COUNT:
            problems.append(
                Problem(name, _("A count above {max} is not plausible.").format(max=MAX_COUNT))
            )
    if step.members is not None and step.present is not None and step.present > step.members:
        problems.append(
            Problem(
                "present",
                _("{present} attended but the meeting has only {members} members.").format(
                    present=step.present, members=step.members
                ),
            )
        )
    if step.present is not None and step.votes_cast > step.present:
        problems.append(
            Problem(
                "votes_for",
                _("{votes} votes were counted but only {present} attended.").format(
                    votes=step.votes_cast, present=step.present
                ),
            )
        )
    if (
        previous is not None
        and step.held_on is not None
        and previous.held_on is not None
        and step.held_on < previous.held_on
    ):
        problems.append(
            Problem(
                "held_on",
                _("The meeting date {date} is before the previous step ({previous}).").format(
                    date=step.held_on.isoformat(), previous=previous.held_on.isoformat()
                ),
            )
        )
    for name, limit in STEP_TEXT_LIMITS.items():
        if len(getattr(step, name)) > limit:
            problems.append(Problem(name, _("At most {max} characters.").format(max=limit)))
    if step.supervisors.strip() and not step.supervisors_attended:
        problems.append(
            Problem("supervisors", _("Names of supervisors given, but they did not attend."))
        )
    if step.then and step.then != END:
        try:
            back = StepKind(step.then)
        except ValueError:
            problems.append(Problem("then", _("Unknown step to return to.")))
        else:
            if back.order > step.kind.order:
                problems.append(
                    Problem("then", _("A failed step returns to itself or an earlier step."))
                )
    return problems


def close_problems(
    step: Step, previous: Step | None, settings: MatterSettings, today: date
) -> list[Problem]:
    """Everything that keeps a step from being closed (input problems included)."""
    problems = input_problems(step, previous)
    bad_counts = bool(problems)
    required = (
        ("held_on", step.held_on is None, _("Enter the meeting date.")),
        ("place", not step.place.strip(), _("Enter the place.")),
        ("chair", not step.chair.strip(), _("Name who chaired the meeting.")),
        ("recorder", not step.recorder.strip(), _("Name who kept the minutes.")),
        ("members", not step.members, _("Enter how many should attend.")),
        ("present", step.present is None, _("Enter how many attended.")),
        ("outcome", step.outcome is None, _("Choose the outcome.")),
    )
    problems += [Problem(name, msg) for name, missing, msg in required if missing]
    if step.held_on is not None and step.held_on > today:
        problems.append(Problem("held_on", _("The meeting has not been held yet.")))
    if step.outcome in (Outcome.PASSED, Outcome.REJECTED) and step.votes_for is None:
        problems.append(Problem("votes_for", _("Enter the vote.")))
    if step.outcome is not None and step.outcome is not Outcome.PASSED and not step.then:
        problems.append(
            Problem("then", _("Say whether the matter returns to an earlier step or ends."))
        )
    if bad_counts or not step.members or step.present is None or step.body is None:
        return problems  # (a missing body is an input problem)
    rule = settings.rule(step.body)
    quorum = rule.quorum_met(step.present, step.members)
    if not quorum and step.outcome is not Outcome.RECONSIDER:
        problems.append(
            Problem(
                "present",
                _(
                    "Too few attended: {needed} of {members} must attend ({rule}); "
                    "the meeting cannot decide."
                ).format(
                    needed=rule.quorum.minimum(step.members),
                    members=step.members,
                    rule=rule.source,
                ),
            )
        )
        return problems
    if step.votes_for is None:
        return problems
    passes = rule.passes(step.votes_for, step.present, step.members)
    whole = step.present if rule.basis is Basis.PRESENT else step.members
    if step.outcome is Outcome.PASSED and not passes:
        problems.append(
            Problem(
                "votes_for",
                _("{votes} in favour is not enough: {needed} needed ({rule}).").format(
                    votes=step.votes_for, needed=rule.passing.minimum(whole), rule=rule.source
                ),
            )
        )
    elif step.outcome is Outcome.REJECTED and passes:
        problems.append(
            Problem(
                "outcome",
                _("{votes} in favour passes the matter ({rule}); the outcome says not.").format(
                    votes=step.votes_for, rule=rule.source
                ),
            )
        )
    return problems


def previous_closed(matter: Matter, step: Step) -> Step | None:
    """The last closed meeting held before ``step`` in the matter's record."""
    before: Step | None = None
    for other in matter.steps:
        if other is step or (step.id is not None and other.id == step.id):
            break
        if other.closed:
            before = other
    return before


def matter_problems(matter: Matter) -> list[Problem]:
    """Problems of the matter's own fields (title, budget, implementation date)."""
    problems: list[Problem] = []
    if not matter.title.strip():
        problems.append(Problem("title", _("The matter has no title.")))
    for name, limit in MATTER_TEXT_LIMITS.items():
        if len(getattr(matter, name)) > limit:
            problems.append(Problem(name, _("At most {max} characters.").format(max=limit)))
    if matter.budget is not None and matter.budget < 0:
        problems.append(Problem("budget", _("The budget cannot be negative.")))
    if matter.implemented_on is not None:
        resolution = matter.resolution()
        if resolution is None:
            problems.append(
                Problem("implemented_on", _("A matter is implemented only after its resolution."))
            )
        elif resolution.held_on and matter.implemented_on < resolution.held_on:
            problems.append(
                Problem(
                    "implemented_on",
                    _("The implementation date is before the resolution ({date}).").format(
                        date=resolution.held_on.isoformat()
                    ),
                )
            )
    return problems


def with_rule(settings: MatterSettings, body: Body, rule: MeetingRule) -> MatterSettings:
    """A copy of the settings with one meeting rule changed."""
    rules = dict(settings.rules)
    rules[body] = rule
    return replace(settings, rules=rules)
