"""Default disclosure catalogues (公开目录) for new organizations, by kind.

Drawn from the domain reference (shared/docs/domain.md sections 1-2): the 党务公开条例's list
for basic-level party organisations, 村民委员会组织法 第30条 timing for village affairs (general
items quarterly, finance monthly where busy), and the catalogue rows of real villages.
"""

from __future__ import annotations

from board_app.domain.items import (
    Cadence,
    Category,
    Domain,
    DueRule,
    OrgKind,
    PublicationType,
    Retention,
    Scope,
)

L, P, IM = PublicationType.LONG_TERM, PublicationType.PERIODIC, PublicationType.IMMEDIATE
Q, M, Y, H, N = (
    Cadence.QUARTERLY,
    Cadence.MONTHLY,
    Cadence.YEARLY,
    Cadence.HALF_YEARLY,
    Cadence.AS_NEEDED,
)
PERM, D30, D10 = Retention.PERMANENT, Retention.Y30, Retention.Y10

# name, domain, type, scope, cadence, due rule (months after period end, day), retention
_Row = tuple[str, Domain, PublicationType, Scope, Cadence, "tuple[int, int] | None", Retention]

_PARTY: list[_Row] = [
    ("组织设置", Domain.PARTY, L, Scope.PUBLIC, N, None, PERM),
    ("制度规定", Domain.PARTY, L, Scope.PUBLIC, N, None, PERM),
    ("任期目标与年度计划", Domain.PARTY, P, Scope.PUBLIC, Y, (1, 31), D30),
    ("三会一课", Domain.PARTY, P, Scope.PARTY_INTERNAL, Q, (1, 10), D30),
    ("党费收缴使用", Domain.PARTY, P, Scope.PARTY_INTERNAL, Q, (1, 10), PERM),
    ("民主评议党员", Domain.PARTY, P, Scope.PARTY_INTERNAL, Y, (1, 31), D30),
    ("发展党员", Domain.PARTY, IM, Scope.PUBLIC, N, None, PERM),
    ("党组织决议", Domain.PARTY, IM, Scope.PUBLIC, N, None, PERM),
    ("党风廉政建设", Domain.PARTY, IM, Scope.PUBLIC, N, None, D30),
]

_VILLAGE: list[_Row] = [
    ("村规民约与制度", Domain.VILLAGE, L, Scope.PUBLIC, N, None, PERM),
    ("村两委成员与分工", Domain.VILLAGE, L, Scope.PUBLIC, N, None, PERM),
    ("财务收支明细", Domain.FINANCE, P, Scope.PUBLIC, M, (1, 10), PERM),
    ("年度计划与决议事项", Domain.VILLAGE, P, Scope.PUBLIC, Q, (1, 20), D30),
    ("宅基地审批", Domain.VILLAGE, P, Scope.PUBLIC, Q, (1, 20), PERM),
    ("农业补贴", Domain.FINANCE, P, Scope.PUBLIC, Q, (1, 20), D30),
    ("低保与救助", Domain.VILLAGE, P, Scope.PUBLIC, Q, (1, 20), D30),
    ("一事一议筹资筹劳", Domain.FINANCE, IM, Scope.PUBLIC, N, None, PERM),
    ("重大事项（四议两公开）", Domain.VILLAGE, IM, Scope.PUBLIC, N, None, PERM),
    ("工程项目", Domain.VILLAGE, IM, Scope.PUBLIC, N, None, PERM),
]

_DEPARTMENT: list[_Row] = [
    ("机构职能", Domain.GOVERNMENT, L, Scope.PUBLIC, N, None, PERM),
    ("办事指南", Domain.GOVERNMENT, L, Scope.PUBLIC, N, None, D30),
    ("预算决算", Domain.FINANCE, P, Scope.PUBLIC, Y, (3, 31), PERM),
    ("工作动态", Domain.GOVERNMENT, P, Scope.PUBLIC, Q, (1, 20), D10),
    ("重要决策", Domain.GOVERNMENT, IM, Scope.PUBLIC, N, None, PERM),
]

_KIND_ROWS: dict[OrgKind, list[_Row]] = {
    OrgKind.PARTY_BRANCH: _PARTY,
    OrgKind.VILLAGE_COMMITTEE: _VILLAGE,
    OrgKind.COMMUNITY: [r for r in _VILLAGE if r[0] != "宅基地审批"],
    OrgKind.DEPARTMENT: _DEPARTMENT,
}


def default_catalogue(kind: OrgKind) -> list[Category]:
    """A fresh list of categories (without ids) for a new organization of ``kind``."""
    out = []
    for order, (name, dom, ptype, scope, cadence, rule, retention) in enumerate(_KIND_ROWS[kind]):
        out.append(
            Category(
                name=name,
                domain=dom,
                publication_type=ptype,
                scope=scope,
                cadence=cadence,
                due_rule=DueRule(*rule) if rule else None,
                retention=retention,
                display_order=order,
            )
        )
    return out
