"""四议两公开: a major village matter (事项) decided in four deliberations and disclosed twice.

The four steps (四议) are 村党组织提议 → 村"两委"商议 → 党员大会审议 →
村民代表会议（或村民会议）决议; the two disclosures (两公开) are 决议公开 and 实施结果公开
(shared/docs/domain.md §1.3, seed 篇9).

A matter keeps every meeting held for it in the order held, failed ones included: a step that
does not pass says where the matter goes next (back to an earlier step, the same step again, or
the end). The legal rules that check each meeting are in :mod:`board_app.domain.matter_rules`.
Plain dataclasses, no storage and no Qt.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from board_app.domain.items import LedgerRow
from board_app.i18n import N_, _


class StepKind(str, enum.Enum):
    """The four deliberations, in the order they must happen."""

    PROPOSAL = "proposal"  # 村党组织提议
    CONSULTATION = "consultation"  # 村"两委"商议
    REVIEW = "review"  # 党员大会审议
    RESOLUTION = "resolution"  # 村民代表会议（或村民会议）决议

    @property
    def order(self) -> int:
        """0 for the proposal … 3 for the resolution."""
        return list(StepKind).index(self)

    @property
    def label(self) -> str:
        """The step as users call it."""
        return _(_STEP_LABELS[self])

    @property
    def short(self) -> str:
        """One-word name for progress marks (提议, 商议, 审议, 决议)."""
        return _(_STEP_SHORT[self])


_STEP_LABELS = {
    StepKind.PROPOSAL: N_("Proposal by the village party organization"),
    StepKind.CONSULTATION: N_("Consultation of the two village committees"),
    StepKind.REVIEW: N_("Review by the party members' meeting"),
    StepKind.RESOLUTION: N_("Resolution of the villagers' representatives"),
}
_STEP_SHORT = {
    StepKind.PROPOSAL: N_("Propose"),
    StepKind.CONSULTATION: N_("Consult"),
    StepKind.REVIEW: N_("Review"),
    StepKind.RESOLUTION: N_("Resolve"),
}


class Body(str, enum.Enum):
    """The meeting that holds a step; each has its own attendance and passing rule."""

    BRANCH_COMMITTEE = "branch_committee"  # 党支部（总支）委员会会议
    JOINT_COMMITTEES = "joint_committees"  # 村"两委"联席会议
    PARTY_MEMBERS = "party_members"  # 党员大会
    REPRESENTATIVES = "representatives"  # 村民代表会议
    VILLAGERS = "villagers"  # 村民会议，按十八周岁以上村民计
    HOUSEHOLDS = "households"  # 村民会议，按户的代表计

    @property
    def label(self) -> str:
        return _(_BODY_LABELS[self])

    @property
    def member_word(self) -> str:
        """What the members of the body are (for "members who should attend")."""
        return _(_BODY_MEMBERS[self])


_BODY_LABELS = {
    Body.BRANCH_COMMITTEE: N_("Party branch committee meeting"),
    Body.JOINT_COMMITTEES: N_("Joint meeting of the two committees"),
    Body.PARTY_MEMBERS: N_("Party members' meeting"),
    Body.REPRESENTATIVES: N_("Villagers' representative meeting"),
    Body.VILLAGERS: N_("Villagers' meeting (villagers aged 18 or over)"),
    Body.HOUSEHOLDS: N_("Villagers' meeting (household representatives)"),
}
_BODY_MEMBERS = {
    Body.BRANCH_COMMITTEE: N_("committee members"),
    Body.JOINT_COMMITTEES: N_("members of the two committees"),
    Body.PARTY_MEMBERS: N_("party members with voting rights"),
    Body.REPRESENTATIVES: N_("members of the representative meeting"),
    Body.VILLAGERS: N_("villagers aged 18 or over"),
    Body.HOUSEHOLDS: N_("households"),
}

#: Which meetings may hold each step (the first is the default).
BODIES_FOR_STEP: dict[StepKind, tuple[Body, ...]] = {
    StepKind.PROPOSAL: (Body.BRANCH_COMMITTEE,),
    StepKind.CONSULTATION: (Body.JOINT_COMMITTEES,),
    StepKind.REVIEW: (Body.PARTY_MEMBERS,),
    StepKind.RESOLUTION: (Body.REPRESENTATIVES, Body.VILLAGERS, Body.HOUSEHOLDS),
}


class Outcome(str, enum.Enum):
    """What a meeting decided."""

    PASSED = "passed"  # 通过
    REJECTED = "rejected"  # 不通过
    RECONSIDER = "reconsider"  # 修改后再议

    @property
    def label(self) -> str:
        return _(_OUTCOME_LABELS[self])


_OUTCOME_LABELS = {
    Outcome.PASSED: N_("Passed"),
    Outcome.REJECTED: N_("Not passed"),
    Outcome.RECONSIDER: N_("Revise and deliberate again"),
}

#: ``Step.then`` value that ends the matter after a failed step.
END = "end"


class MatterStatus(str, enum.Enum):
    """Where a matter stands."""

    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"  # 决议通过, not yet implemented
    IMPLEMENTED = "implemented"
    ENDED = "ended"  # stopped after a failed step

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    MatterStatus.IN_PROGRESS: N_("In deliberation"),
    MatterStatus.RESOLVED: N_("Resolved"),
    MatterStatus.IMPLEMENTED: N_("Implemented"),
    MatterStatus.ENDED: N_("Ended"),
}


@dataclass
class Step:
    """One meeting held for a matter.

    ``members`` is how many should attend (应到: committee members, party members with voting
    rights, representatives, adult villagers or households), ``present`` how many did (实到).
    ``then`` says where a step that did not pass leads: a :class:`StepKind` value to return to
    or :data:`END`. A closed step was checked against the rules and can no longer change.
    """

    kind: StepKind
    body: Body | None = None
    held_on: date | None = None
    place: str = ""
    chair: str = ""  # 主持人
    recorder: str = ""  # 记录人
    members: int | None = None
    present: int | None = None
    member_names: str = ""
    present_names: str = ""
    summary: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    outcome: Outcome | None = None
    supervisors_attended: bool = False  # 村务监督委员会列席
    supervisors: str = ""
    then: str = ""
    closed: bool = False
    id: int | None = None

    def __post_init__(self) -> None:
        if self.body is None:
            self.body = BODIES_FOR_STEP[self.kind][0]

    @property
    def votes_cast(self) -> int:
        """赞成 + 反对 + 弃权 (blank counts as 0)."""
        return sum(v or 0 for v in (self.votes_for, self.votes_against, self.abstentions))

    def tally(self) -> str:
        """ "赞成 12，反对 1，弃权 0" (translated), or "" when no vote was recorded."""
        if self.votes_for is None and self.votes_against is None and self.abstentions is None:
            return ""
        return _("for {a}, against {b}, abstaining {c}").format(
            a=self.votes_for or 0, b=self.votes_against or 0, c=self.abstentions or 0
        )


@dataclass
class Matter:
    """A major village matter deliberated with the 四议两公开 method."""

    title: str
    organization_id: int | None = None
    kind: str = ""  # an entry of the organization's 四议两公开范围
    proposer: str = ""
    description: str = ""
    budget: Decimal | None = None
    steps: list[Step] = field(default_factory=list)
    implemented_on: date | None = None
    result_summary: str = ""
    spending: list[LedgerRow] = field(default_factory=list)
    resolution_item_id: int | None = None
    result_item_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
    #: The stored version this copy was read at (0: never stored); each save raises it by one.
    version: int = 0

    def closed_steps(self) -> list[Step]:
        return [s for s in self.steps if s.closed]

    def open_step(self) -> Step | None:
        """The step being recorded (at most one is open at a time)."""
        return next((s for s in self.steps if not s.closed), None)

    def latest(self, kind: StepKind) -> Step | None:
        """The last closed meeting of a kind."""
        found = [s for s in self.steps if s.closed and s.kind is kind]
        return found[-1] if found else None

    def resolution(self) -> Step | None:
        """The passed resolution, if the matter got that far."""
        step = self.latest(StepKind.RESOLUTION)
        return step if step is not None and step.outcome is Outcome.PASSED else None

    def next_kind(self) -> StepKind | None:
        """The step to hold next; None once the matter is resolved or ended."""
        expected: StepKind | None = StepKind.PROPOSAL
        for step in self.closed_steps():
            if step.outcome is Outcome.PASSED:
                expected = _after(step.kind)
            elif step.then == END:
                return None
            else:
                expected = StepKind(step.then) if step.then else step.kind
        return expected

    @property
    def status(self) -> MatterStatus:
        if self.resolution() is not None:
            return MatterStatus.IMPLEMENTED if self.implemented_on else MatterStatus.RESOLVED
        if self.next_kind() is None:
            return MatterStatus.ENDED
        return MatterStatus.IN_PROGRESS

    def progress(self) -> list[bool]:
        """For each of the four steps: done on the matter's current path."""
        nxt = self.next_kind()
        if nxt is None:
            if self.resolution() is not None:
                return [True] * 4
            # Ended: what had passed before the failed step.
            done = [False] * 4
            for step in self.closed_steps():
                if step.outcome is Outcome.PASSED:
                    done[step.kind.order] = True
                else:
                    for k in range(step.kind.order, 4):
                        done[k] = False
            return done
        return [k.order < nxt.order for k in StepKind]

    def progress_mark(self) -> str:
        """Four marks, e.g. "●●○○" (two steps done), "×" appended when ended."""
        marks = "".join("●" if done else "○" for done in self.progress())
        return marks + ("×" if self.status is MatterStatus.ENDED else "")

    def spent(self) -> Decimal:
        """Money spent on the matter: the payments of its spending ledger (receipts aside)."""
        return sum((r.expense for r in self.spending), Decimal("0.00"))


def _after(kind: StepKind) -> StepKind | None:
    order = kind.order + 1
    return list(StepKind)[order] if order < 4 else None


#: A default 四议两公开范围 (typical scope in shared/docs/domain.md §1.3 and the seed report).
DEFAULT_SCOPE: tuple[str, ...] = (
    "村级发展规划和年度计划",
    "村规民约和村民自治章程的制定修改",
    "集体资产资源处置",
    "集体土地承包和流转",
    "村级工程项目",
    "集体经济项目立项和承包方案",
    "村级财务预决算",
    "集体借贷和债务",
    "补助对象和项目落实范围确定",
    "公益事业筹资筹劳（一事一议）",
    "征地补偿费使用分配",
    "其他涉及村民切身利益的重大事项",
)
