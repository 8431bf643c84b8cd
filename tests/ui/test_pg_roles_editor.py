"""The item editor connected to a PostgreSQL server as a township viewer and as a reviewer:
what the server refuses is said in the message bar, what it allows works."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from support import set_township

from board_app.domain.items import Item, Organization, OrgKind, PublicationType, Status
from board_app.services.context import open_services
from board_app.services.server_access import ServerAccessService

pytest.importorskip("psycopg")


@pytest.fixture
def office(pg_cluster, pg_template):  # type: ignore[no-untyped-def]
    name = f"ui_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    token = uuid.uuid4().hex[:6]
    viewer, reviewer = f"view_{token}", f"review_{token}"
    admin = open_services(pg_cluster.url(name), operator="管理员")
    org = admin.orgs.create(Organization(name="红旗村村委会", kind=OrgKind.VILLAGE_COMMITTEE))
    set_township(admin, org.id, "城关镇")
    item = admin.items.save(
        Item(
            title="红旗村道路硬化工程公示",
            publication_type=PublicationType.IMMEDIATE,
            organization_id=org.id,
            body="工程已完工，现予公示。",
            responsible="村委会",
        )
    )
    admin.items.submit(item.id)
    access = ServerAccessService(admin)
    access.grant("township", viewer, township="城关镇")
    access.grant("reviewer", reviewer, organization="红旗村村委会")
    admin.close()
    opened = []

    def as_login(login: str):  # type: ignore[no-untyped-def]
        opened.append(open_services(pg_cluster.url(name, user=login), operator="测试员"))
        return opened[-1]

    yield as_login, viewer, reviewer, item.id
    for svc in opened:
        svc.close()
    pg_cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for login in (viewer, reviewer):
        pg_cluster.sql(f'DROP ROLE IF EXISTS "{login}"')


def test_viewer_and_reviewer_in_the_editor(office, qtbot) -> None:  # type: ignore[no-untyped-def]
    from board_app.ui.editor.item_editor import ItemEditor

    as_login, viewer, reviewer, item_id = office
    viewing = ItemEditor(as_login(viewer))
    qtbot.addWidget(viewing)
    viewing.load_item(item_id)
    viewing.form.title_edit.setText("乡镇查看员改的标题")
    assert viewing.save() is False
    assert "服务器拒绝了这一步" in viewing.message()

    reviewing_services = as_login(reviewer)
    reviewing = ItemEditor(reviewing_services)
    qtbot.addWidget(reviewing)
    reviewing.load_item(item_id)
    assert reviewing.steps.approve("村务监督委员会", date(2026, 11, 20), "同意公开") is True
    assert reviewing_services.items.get(item_id).status is Status.REVIEWED
