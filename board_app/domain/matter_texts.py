"""Chinese texts drafted from a matter: the two disclosure items, the 范围 and the 工作流程.

These texts are records written into the database and onto the wall, so they are always in
Chinese whatever the language of the program (pure functions; dates are parameters).
"""

from __future__ import annotations

from datetime import date, timedelta

from board_app.domain.matter_rules import MatterSettings
from board_app.domain.matters import END, Body, Matter, Outcome, Step, StepKind
from board_app.domain.money import format_money, to_chinese_capital

STEP_ZH = {
    StepKind.PROPOSAL: "村党组织提议",
    StepKind.CONSULTATION: "村“两委”商议",
    StepKind.REVIEW: "党员大会审议",
    StepKind.RESOLUTION: "村民代表会议决议",
}
BODY_ZH = {
    Body.BRANCH_COMMITTEE: "支部委员会会议",
    Body.JOINT_COMMITTEES: "村“两委”联席会议",
    Body.PARTY_MEMBERS: "党员大会",
    Body.REPRESENTATIVES: "村民代表会议",
    Body.VILLAGERS: "村民会议",
    Body.HOUSEHOLDS: "村民会议（户代表）",
}


def body_zh(body: Body | None) -> str:
    """The meeting body's Chinese name ("" before one is chosen; closed steps always have one)."""
    return BODY_ZH[body] if body is not None else ""


OUTCOME_ZH = {
    Outcome.PASSED: "通过",
    Outcome.REJECTED: "不通过",
    Outcome.RECONSIDER: "修改后再议",
}
NUMERALS = "一二三四五六七八九十"


def zh_date(day: date | None) -> str:
    """2026年3月5日 ("" for none)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def step_title(step: Step) -> str:
    """ "村民代表会议决议" or "村民会议决议" for the step's meeting."""
    if step.kind is StepKind.RESOLUTION and step.body in (Body.VILLAGERS, Body.HOUSEHOLDS):
        return "村民会议决议"
    return STEP_ZH[step.kind]


def step_sentence(step: Step) -> str:
    """One sentence on a meeting: when, where, who, attendance, vote and outcome."""
    parts = [f"{zh_date(step.held_on)}在{step.place}召开{body_zh(step.body)}"]
    if step.chair:
        parts.append(f"{step.chair}主持")
    if step.members is not None and step.present is not None:
        parts.append(f"应到{step.members}人，实到{step.present}人")
    if step.supervisors_attended:
        who = f"（{step.supervisors}）" if step.supervisors else ""
        parts.append(f"村务监督委员会{who}列席")
    if step.votes_for is not None:
        parts.append(
            f"表决结果：赞成{step.votes_for}票，反对{step.votes_against or 0}票，"
            f"弃权{step.abstentions or 0}票"
        )
    if step.outcome is not None:
        parts.append(OUTCOME_ZH[step.outcome])
    text = "，".join(parts) + "。"
    if step.outcome not in (None, Outcome.PASSED) and step.then:
        text += (
            "事项终止。" if step.then == END else f"退回“{STEP_ZH[StepKind(step.then)]}”重新议定。"
        )
    return text


def _header(matter: Matter) -> list[str]:
    lines = []
    facts = [f"事项名称：{matter.title}"]
    if matter.kind:
        facts.append(f"事项类别：{matter.kind}")
    if matter.proposer:
        facts.append(f"提议人：{matter.proposer}")
    if matter.budget is not None:
        facts.append(
            f"预算金额：{format_money(matter.budget)}元（{to_chinese_capital(matter.budget)}）"
        )
    if facts:
        lines.append("；".join(facts) + "。")
    if matter.description.strip():
        lines.append(matter.description.strip())
    return lines


def resolution_title(matter: Matter) -> str:
    return f"关于{matter.title}的决议公开"


def result_title(matter: Matter) -> str:
    return f"关于{matter.title}的实施结果公开"


def resolution_body(matter: Matter, settings: MatterSettings, start: date, phone: str = "") -> str:
    """The 决议公开 text: the matter, each meeting held in order, the 公示 period."""
    paragraphs = _header(matter)
    paragraphs.append("按照“四议两公开”工作法，本事项议定过程如下：")
    for n, step in enumerate(matter.closed_steps()):
        numeral = NUMERALS[n] if n < len(NUMERALS) else str(n + 1)
        paragraphs.append(f"{numeral}、{step_title(step)}：{step_sentence(step)}")
    end = start + timedelta(days=settings.notice_days - 1)
    closing = (
        f"现将决议予以公示，公示期{settings.notice_days}天（{zh_date(start)}至{zh_date(end)}）。"
        "对上述事项如有异议，请在公示期内向村务监督委员会反映"
    )
    closing += f"，监督电话：{phone}。" if phone else "。"
    paragraphs.append(closing)
    return "\n\n".join(paragraphs)


def result_body(matter: Matter) -> str:
    """The 实施结果公开 text: the resolution, the implementation, budget and money spent."""
    paragraphs = _header(matter)
    resolution = matter.resolution()
    if resolution is not None:
        paragraphs.append(
            f"本事项经{zh_date(resolution.held_on)}{body_zh(resolution.body)}决议通过"
            + (
                f"（赞成{resolution.votes_for}票，反对{resolution.votes_against or 0}票，"
                f"弃权{resolution.abstentions or 0}票）"
                if resolution.votes_for is not None
                else ""
            )
            + f"，于{zh_date(matter.implemented_on)}实施完成。"
        )
    if matter.result_summary.strip():
        paragraphs.append("实施结果：" + matter.result_summary.strip())
    if matter.spending:
        spent = matter.spent()
        text = f"实际支出{format_money(spent)}元（{to_chinese_capital(spent)}），收支明细见下表"
        if matter.budget is not None:
            text += f"；预算{format_money(matter.budget)}元"
        paragraphs.append(text + "。")
    paragraphs.append("欢迎广大村民监督，如有疑问请向村务监督委员会反映。")
    return "\n\n".join(paragraphs)


def scope_body(org_name: str, settings: MatterSettings) -> str:
    """《四议两公开范围》 as a numbered list."""
    lines = [f"下列村级重大事项，由{org_name}按照“四议两公开”工作法决策实施："]
    lines += [f"{k}. {entry}" for k, entry in enumerate(settings.scope, start=1)]
    return "\n\n".join(lines)


def workflow_body(settings: MatterSettings) -> str:
    """《四议两公开工作流程》 with the organization's day counts."""
    return "\n\n".join(settings.workflow_lines())
