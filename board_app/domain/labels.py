"""Names of enum values as users see them, in the current language (usable by every layer)."""

from __future__ import annotations

from datetime import date

from board_app.domain.items import (
    Cadence,
    Domain,
    OrgKind,
    PublicationType,
    Retention,
    Scope,
    Status,
)
from board_app.i18n import N_, _, get_language

_PUBLICATION_TYPES = {
    PublicationType.LONG_TERM: N_("Long-term"),
    PublicationType.PERIODIC: N_("Periodic"),
    PublicationType.IMMEDIATE: N_("Immediate"),
}
_STATUSES = {
    Status.DRAFT: N_("Draft"),
    Status.SUBMITTED: N_("Awaiting review"),
    Status.REVIEWED: N_("Reviewed"),
    Status.PUBLISHED: N_("Published"),
    Status.WITHDRAWN: N_("Withdrawn"),
}
_SCOPES = {
    Scope.PUBLIC: N_("Public"),
    Scope.PARTY_INTERNAL: N_("Party internal"),
    Scope.RESTRICTED: N_("Not disclosed"),
}
_DOMAINS = {
    Domain.PARTY: N_("Party affairs"),
    Domain.VILLAGE: N_("Village affairs"),
    Domain.FINANCE: N_("Finance"),
    Domain.GOVERNMENT: N_("Government affairs"),
}
_KINDS = {
    OrgKind.PARTY_BRANCH: N_("Party branch"),
    OrgKind.VILLAGE_COMMITTEE: N_("Village committee"),
    OrgKind.COMMUNITY: N_("Community"),
    OrgKind.DEPARTMENT: N_("Government department"),
}
_CADENCES = {
    Cadence.MONTHLY: N_("Monthly"),
    Cadence.QUARTERLY: N_("Quarterly"),
    Cadence.HALF_YEARLY: N_("Half-yearly"),
    Cadence.YEARLY: N_("Yearly"),
    Cadence.AS_NEEDED: N_("As needed"),
}
_RETENTIONS = {
    Retention.PERMANENT: N_("Permanent"),
    Retention.Y30: N_("30 years"),
    Retention.Y10: N_("10 years"),
}


def publication_type(value: PublicationType) -> str:
    return _(_PUBLICATION_TYPES[value])


def status(value: Status) -> str:
    return _(_STATUSES[value])


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_day(day: date) -> str:
    """A short date as users read it: 12月8日 in Chinese, Dec 8 in English."""
    if get_language() == "en":
        return f"{_MONTHS_EN[day.month - 1]} {day.day}"
    return f"{day.month}月{day.day}日"


def status_on(value: Status, publish_date: date | None, on: date) -> str:
    """The status as shown on ``on``: a published item whose publish date is still ahead is
    not up yet, so it reads 待公开（12月8日） ("Scheduled (Dec 8)"), not 已公开."""
    if value is Status.PUBLISHED and publish_date is not None and publish_date > on:
        return _("Scheduled ({date})").format(date=month_day(publish_date))
    return status(value)


def is_scheduled(value: Status, publish_date: date | None, on: date) -> bool:
    """Published with a publish date after ``on`` (goes up later)."""
    return value is Status.PUBLISHED and publish_date is not None and publish_date > on


def scope(value: Scope | None) -> str:
    return _(_SCOPES[value]) if value else ""


def domain(value: Domain | None) -> str:
    return _(_DOMAINS[value]) if value else ""


def org_kind(value: OrgKind) -> str:
    return _(_KINDS[value])


def cadence(value: Cadence) -> str:
    return _(_CADENCES[value])


def retention(value: Retention | None) -> str:
    return _(_RETENTIONS[value]) if value else ""


_ITEM_FIELDS = {
    "title": N_("Title"),
    "category_id": N_("Category"),
    "publication_type": N_("Publication type"),
    "domain": N_("Domain"),
    "scope": N_("Scope"),
    "period": N_("Period"),
    "publish_date": N_("Publish date"),
    "expire_date": N_("End date"),
    "responsible": N_("Responsible"),
    "reviewer": N_("Reviewer"),
    "review_date": N_("Review date"),
    "review_opinion": N_("Review opinion"),
    "retention": N_("Retention"),
    "status": N_("Status"),
    "number": N_("Disclosure number"),
    "withdrawn_date": N_("Withdrawal date"),
    "withdrawn_reason": N_("Withdrawal reason"),
    "replaces_id": N_("Replaces"),
    "replaces": N_("Replaces"),
    "opening_balance": N_("Opening balance"),
    "ledger": N_("Ledger"),
    "images": N_("Images"),
    "body": N_("Body"),
    "organization_id": N_("Organization"),
}


def item_field(name: str) -> str:
    """The label of an item field such as "publish_date" (the name itself when unknown)."""
    return _(_ITEM_FIELDS[name]) if name in _ITEM_FIELDS else name
