"""Helpers shared by tests (importable as ``support``)."""

from __future__ import annotations

from datetime import date


def category_id(services, org, name: str) -> int:
    """Id of the category called ``name`` in the organization's catalogue."""
    return next(c.id for c in services.orgs.categories(org.id) if c.name == name)


def publish_item(services, item, on: date):
    """Save, submit, approve and publish an item on ``on``.

    An item without a 责任人 or body gets placeholders: submission needs both.
    """
    item.responsible = item.responsible or "村委会"
    item.body = item.body if item.body.strip() else "（正文）"
    item = services.items.save(item)
    services.items.submit(item.id)
    services.items.approve(item.id, reviewer="村务监督委员会", on=on, opinion="同意")
    return services.items.publish(item.id, on=on)


def demo_copy(template_dir, target, on):
    """A copy of a demo database built once in ``template_dir`` (as of ``on``) at ``target``.

    Building the demo takes seconds; copying the closed file takes milliseconds.
    """
    import shutil
    from datetime import datetime, timezone
    from pathlib import Path

    from board_app.demo import build_demo
    from board_app.services.context import open_services

    template = Path(template_dir) / "demo-template.sqlite3"
    if not template.exists():
        svc = open_services(template, operator="测试员")
        try:
            svc.ctx.clock = lambda: datetime(on.year, on.month, on.day, 2, tzinfo=timezone.utc)
            build_demo(svc, on)
        finally:
            svc.close()
    shutil.copy(template, target)
    return Path(target)


def dump_rows(services) -> list[str]:  # type: ignore[no-untyped-def]
    """Every row of every table (either engine), to prove that nothing changed."""
    db = services.database.db
    lines: list[str] = []
    for table in sorted(db.get_tables()):
        if table.startswith(("sqlite_", "item_fts")):
            continue
        rows = db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
        lines.extend(f"{table}: {row!r}" for row in sorted(rows, key=repr))
    return lines
