"""Database checks and backups as use cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from board_app.i18n import _
from board_app.services.context import Services
from board_app.storage import backup, migrations
from board_app.storage.db import integrity_problems


@dataclass
class CheckReport:
    """Lines to show and the problems found."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_database(services: Services) -> CheckReport:
    """quick_check, foreign keys, schema version and the newest backup."""
    report = CheckReport()
    report.lines.append(_("Database: {path}").format(path=services.location))
    problems = integrity_problems(services.database)
    report.problems.extend(problems)
    report.lines.append(
        _("Integrity: {result}").format(result=_("ok") if not problems else _("problems"))
    )
    version = migrations.read_version(services.database.db)
    report.lines.append(
        _("Schema version: {found} (this program: {known})").format(
            found=version, known=migrations.schema_version()
        )
    )
    if services.is_server:
        report.lines.append(_("Backups: made on the server (pg_dump), see docs/server.md"))
        return report
    newest = backup.newest_backup(services.path)
    report.lines.append(
        _("Newest backup: {path}").format(path=newest) if newest else _("Newest backup: none")
    )
    return report


def daily_backup(services: Services, now: datetime | None = None) -> Path | None:
    """The automatic rolling backup (at most once a day, the last 14 kept); none on a server
    (its administrator backs it up with pg_dump)."""
    if services.is_server:
        return None
    return backup.rolling_backup(services.path, now or datetime.now().astimezone())
