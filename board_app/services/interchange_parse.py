"""Parsing the ``board-app.items/1`` JSON format into domain objects, collecting every problem.

Nothing here touches the database: the whole file is checked before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from board_app.domain import limits
from board_app.domain.digits import ascii_digits, foreign_digit
from board_app.domain.items import (
    ORGANIZATION_FIELDS,
    Domain,
    Item,
    ItemImage,
    LedgerRow,
    Organization,
    OrgKind,
    PublicationType,
    Retention,
    Scope,
    Status,
)
from board_app.domain.money import MoneyError, parse_money
from board_app.domain.periods import Period, PeriodError
from board_app.errors import UsageError, ValidationError
from board_app.i18n import _
from board_app.services import feedback_interchange
from board_app.services.images import load_image_file
from board_app.services.validation import size_problems

FORMAT = "board-app.items/1"
TOP_KEYS = {"format", "organization", "items", "matters", "matter_settings"} | (
    feedback_interchange.TOP_KEYS
)  # matters: 四议两公开; feedback: 意见箱
ORG_KEYS = {"name", "kind", "phone", "address", "fonds_code", "fonds_name", "display_days"}
# Optional board settings (an extension of the format, written by export so that moving an
# organization to another database keeps its board texts, options and public numbers): the
# organization's other fields.
ORG_BOARD_KEYS = set(ORGANIZATION_FIELDS) - ORG_KEYS
BOARD_LANGUAGES = ("zh_CN", "en")
ITEM_KEYS = {
    "title",
    "body",
    "publication_type",
    "domain",
    "category",
    "scope",
    "status",
    "number",
    "period",
    "publish_date",
    "expire_date",
    "responsible",
    "reviewer",
    "review_date",
    "review_opinion",
    "retention",
    "withdrawn_date",
    "withdrawn_reason",
    "replaces",
    "opening_balance",
    "ledger",
    "images",
}
LEDGER_KEYS = {"date", "voucher", "summary", "income", "expense"}
IMAGE_KEYS = {"path", "caption"}


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters: a 5,000-digit value is not echoed whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class ParsedItem:
    """An item read from the file, with what the file said about it."""

    position: int
    item: Item
    category: str | None
    replaces: str | None
    given: set[str]

    @property
    def label(self) -> str:
        return _("item {n} “{title}”").format(n=self.position, title=self.item.title)


@dataclass
class ParsedFile:
    """The organization and items of one file, or the problems that refuse it."""

    organization: Organization | None
    given_org_keys: set[str]
    items: list[ParsedItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    feedback: feedback_interchange.ParsedFeedback = field(
        default_factory=feedback_interchange.ParsedFeedback
    )
    #: The raw optional 四议两公开 keys (matters, matter_settings), read by interchange_matters.
    matter_data: dict[str, Any] = field(default_factory=dict)


MAX_PROBLEMS = 100  # a refused file lists this many problems, then how many more
MAX_NESTING = 500  # the format nests 4 levels; Python's decoder gives up far deeper
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class _Keys(dict[str, Any]):
    """A JSON object that remembers keys given more than once."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj  # the common case: a plain dict, no extra memory
    keyed = _Keys(obj)
    seen: set[str] = set()
    keyed.duplicates = []
    for key, _value in pairs:
        if key in seen and key not in keyed.duplicates:
            keyed.duplicates.append(key)
        seen.add(key)
    return keyed


class NotANumber:
    """A JSON number the format never holds (huge, NaN, Infinity): refused where it appears."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text[:20] + ("…" if len(self.text) > 20 else "")


def _int(text: str) -> int | NotANumber:
    return int(text) if len(text) <= 15 else NotANumber(text)


def _float(text: str) -> NotANumber:
    return NotANumber(text)  # the format has no fractional numbers: amounts are strings


# JSON escapes that decode to characters no record may hold (raw control characters inside
# strings are already invalid JSON): only a file containing one needs the full text check.
_SUSPICIOUS_ESCAPE = re.compile(r"\\u(?:00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F][0-9a-fA-F]{2})")


def read_json(path: Path) -> Any:
    """Read a JSON file (a UTF-8 byte-order mark is accepted); UsageError names the problem.

    Duplicate keys are remembered (and refused by the parser), numbers that the format never
    holds become :class:`NotANumber`, and files nested deeper than the format are refused."""
    return _load(path)[0]


def _load(path: Path) -> tuple[Any, bool]:
    """The JSON of ``path`` and whether its text has escapes of control characters or
    surrogates (then every text must be checked)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("{file}: cannot be read ({error}).").format(file=path, error=exc)
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            _("{file}: not UTF-8 text ({error}).").format(file=path, error=exc)
        ) from exc
    decoder = json.JSONDecoder(
        object_pairs_hook=_object,
        parse_int=_int,
        parse_float=_float,
        parse_constant=NotANumber,
    )
    try:
        return decoder.decode(text), bool(_SUSPICIOUS_ESCAPE.search(text))
    except json.JSONDecodeError as exc:
        raise UsageError(
            _("{file}: not valid JSON at line {line}, column {col} ({error}).").format(
                file=path, line=exc.lineno, col=exc.colno, error=exc.msg
            )
        ) from exc
    except RecursionError:
        raise UsageError(
            _("{file}: nested more than {depth} levels deep; this is not a board-app file.").format(
                file=path, depth=MAX_NESTING
            )
        ) from None
    except ValueError as exc:
        raise UsageError(
            _("{file}: not valid JSON ({error}).").format(file=path, error=exc)
        ) from exc


def refusal(path: Path, problems: list[str]) -> ValidationError:
    """The error refusing a file: its first MAX_PROBLEMS problems, then how many more."""
    head = _("{file} was refused; nothing was imported. {count} problem(s):").format(
        file=path, count=len(problems)
    )
    lines = [f"  - {p}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(
            "  " + _("… and {count} more problem(s).").format(count=len(problems) - MAX_PROBLEMS)
        )
    return ValidationError(head + "\n" + "\n".join(lines), problems)


_BAD_CHARACTER = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _bad_character(value: str) -> str | None:
    """A character no record may hold: lone surrogates and control characters but tab and
    line breaks."""
    m = _BAD_CHARACTER.search(value)
    if m is None:
        return None
    code = ord(m.group())
    if 0xD800 <= code <= 0xDFFF:
        return _("a lone surrogate U+{code:04X} (broken text)").format(code=code)
    return _("the control character U+{code:04X}").format(code=code)


def text_problems(data: Any, where: str = "") -> list[str]:
    """Every key and text in ``data`` holding a character no record may hold, by location."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [(where, data)]
    while stack and len(found) <= MAX_PROBLEMS:
        at, value = stack.pop()
        if isinstance(value, str):
            bad = _bad_character(value)
            if bad:
                found.append(_("{where}: contains {what}").format(where=at or "/", what=bad))
        elif isinstance(value, dict):
            for key, child in reversed(list(value.items())):
                bad = _bad_character(key)
                if bad:
                    found.append(
                        _("{where}: a key contains {what}").format(where=at or "/", what=bad)
                    )
                    continue
                stack.append((f"{at}.{key}" if at else key, child))
        elif isinstance(value, list):
            for n, child in reversed(list(enumerate(value))):
                stack.append((f"{at}[{n}]", child))
    return found


class _Collector:
    def __init__(self, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems

    def add(self, fld: str, message: str) -> None:
        self.problems.append(f"{_clip(self.where, 120)}, {fld}: {_clip(message, 200)}")

    def text(self, data: dict, key: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.add(key, _("required"))
            return ""
        if not isinstance(value, str):
            self.add(key, _("must be text"))
            return ""
        if required and not value.strip():
            self.add(key, _("required"))
        return value

    def flag(self, data: dict, key: str, *, default: bool) -> bool:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(key, _("must be true or false"))
            return default
        return value

    def text_list(self, data: dict, key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(key, _("must be a list of texts"))
            return []
        return list(value)

    def day(self, data: dict, key: str) -> date | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.add(key, _("must be a date YYYY-MM-DD"))
            return None
        text = ascii_digits(value.strip())
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.add(key, _("“{value}” is not a date (YYYY-MM-DD)").format(value=value))
            return None

    def digits(self, value: str, key: str) -> str:
        """Full-width digits read as ASCII; any other script's digits refused."""
        text = ascii_digits(value)
        bad = foreign_digit(text)
        if bad:
            self.add(
                key,
                _("“{char}” (U+{code:04X}) is not a digit 0-9").format(char=bad, code=ord(bad)),
            )
        return text

    def choice(self, data: dict, key: str, enum_type: Any, *, default: Any = None) -> Any:
        value = data.get(key)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            allowed = "|".join(e.value for e in enum_type)
            self.add(
                key, _("“{value}” is not one of {allowed}").format(value=value, allowed=allowed)
            )
            return default

    def money(self, data: dict, key: str, *, default: Any = None, signed: bool = False) -> Any:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.add(key, _('money must be a string such as "1200.00"'))
            return default
        value = self.digits(value, key)
        try:
            return parse_money(value, allow_negative=signed)
        except MoneyError:
            if signed:
                self.add(
                    key,
                    _("“{value}” is not an amount (digits, at most two decimals)").format(
                        value=value
                    ),
                )
                return default
            self.add(
                key,
                _("“{value}” is not an amount (digits, at most two decimals, not negative)").format(
                    value=value
                ),
            )
            return default

    def unknown(self, data: dict, allowed: set[str]) -> None:
        for key in getattr(data, "duplicates", ()):
            self.add(key, _("the key is given more than once"))
        for key in data:
            if key not in allowed:
                self.add(key, _("unknown key"))


def parse_file(path: Path, *, load_images: bool = True) -> ParsedFile:
    """Parse and check a whole file; ``problems`` lists everything wrong with it."""
    from board_app.services.office_items import is_items_workbook, parse_workbook

    if is_items_workbook(path):  # .xlsx/.xls/.ods/.csv: the same document, from cells
        return parse_workbook(path)
    data, suspicious = _load(path)
    return parse_data(data, path, load_images=load_images, check_texts=suspicious)


def parse_data(
    data: Any, path: Path, *, load_images: bool = True, check_texts: bool = True
) -> ParsedFile:
    """Parse and check a document read from ``path`` (``check_texts``: look at every text for
    characters no record may hold; skipped for JSON whose text has no such escapes)."""
    problems: list[str] = []
    top = _Collector(str(path), problems)
    if not isinstance(data, dict):
        raise UsageError(_("{file}: the top level must be an object.").format(file=path))
    broken = text_problems(data) if check_texts else []
    if broken:
        raise refusal(path, broken)
    top.unknown(data, TOP_KEYS)
    if "format" in getattr(data, "duplicates", ()):
        raise refusal(path, problems)  # name the repeated key, not whichever value won
    if data.get("format") != FORMAT:
        raise UsageError(
            _("{file}: format is “{found}”, expected “{expected}”.").format(
                file=path, found=data.get("format"), expected=FORMAT
            )
        )
    org_data = data.get("organization")
    org = None
    given_org: set[str] = set()
    if not isinstance(org_data, dict):
        top.add("organization", _("required"))
    else:
        oc = _Collector(_("organization"), problems)
        oc.unknown(org_data, ORG_KEYS | ORG_BOARD_KEYS)
        given_org = set(org_data)
        days = org_data.get("display_days", 30)
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3660:
            oc.add("display_days", _("must be a whole number from 1 to 3660"))
            days = 30
        org = Organization(
            name=oc.text(org_data, "name", required=True).strip(),
            kind=oc.choice(org_data, "kind", OrgKind, default=OrgKind.PARTY_BRANCH),
            phone=oc.text(org_data, "phone"),
            address=oc.text(org_data, "address"),
            fonds_code=oc.text(org_data, "fonds_code"),
            fonds_name=oc.text(org_data, "fonds_name"),
            display_days=days,
            board_title=oc.text(org_data, "board_title"),
            board_subtitle=oc.text(org_data, "board_subtitle"),
            footer_lines=oc.text_list(org_data, "footer_lines"),
            board_template=oc.text(org_data, "board_template"),
            board_theme=oc.text(org_data, "board_theme") or "red",
            public_numbers=oc.text_list(org_data, "public_numbers"),
            tracking_start=oc.day(org_data, "tracking_start"),
            board_language=oc.text(org_data, "board_language") or "zh_CN",
            board_signoff=oc.flag(org_data, "board_signoff", default=True),
            board_signoff_text=oc.text(org_data, "board_signoff_text"),
            township=oc.text(org_data, "township"),  # the 乡镇 whose office oversees it
        )
        if org.board_theme not in ("red", "blue"):
            oc.add(
                "board_theme",
                _("“{value}” is not one of {allowed}").format(
                    value=org.board_theme, allowed="red|blue"
                ),
            )
        if org.board_language not in BOARD_LANGUAGES:
            oc.add(
                "board_language",
                _("“{value}” is not one of {allowed}").format(
                    value=org.board_language, allowed="|".join(BOARD_LANGUAGES)
                ),
            )
    items_data = data.get("items", [])
    if not isinstance(items_data, list):
        top.add("items", _("must be a list"))
        items_data = []
    result = ParsedFile(organization=org, given_org_keys=given_org, problems=problems)
    result.matter_data = {k: data[k] for k in ("matters", "matter_settings") if k in data}
    result.feedback = feedback_interchange.parse(data, problems)  # optional keys
    for position, raw in enumerate(items_data, start=1):
        items_data[position - 1] = None  # the raw entry is not needed again: free it early
        parsed = _parse_item(position, raw, path.parent, problems, load_images)
        if parsed is not None:
            result.items.append(parsed)
    if org is not None:
        _check_org_sizes(org, _Collector(_("organization"), problems))
    _check_replacement_cycles(result.items, problems)
    return result


def _check_org_sizes(org: Organization, c: _Collector) -> None:
    if len(org.name) > limits.NAME_MAX:
        c.add(
            "name",
            _("{count} characters; at most {limit} are allowed.").format(
                count=len(org.name), limit=limits.NAME_MAX
            ),
        )
    if len(org.fonds_code) > limits.FONDS_CODE_MAX:
        c.add(
            "fonds_code",
            _("{count} characters; at most {limit} are allowed.").format(
                count=len(org.fonds_code), limit=limits.FONDS_CODE_MAX
            ),
        )
    for key in (
        "phone",
        "address",
        "township",
        "fonds_name",
        "board_title",
        "board_subtitle",
        "board_template",
        "board_signoff_text",
    ):
        value = getattr(org, key)
        if len(value) > limits.SHORT_TEXT_MAX:
            c.add(
                key,
                _("{count} characters; at most {limit} are allowed.").format(
                    count=len(value), limit=limits.SHORT_TEXT_MAX
                ),
            )
    for key in ("footer_lines", "public_numbers"):
        values = getattr(org, key)
        if len(values) > 20 or any(len(v) > limits.SHORT_TEXT_MAX for v in values):
            c.add(
                key,
                _("at most 20 lines of at most {limit} characters").format(
                    limit=limits.SHORT_TEXT_MAX
                ),
            )


def _check_replacement_cycles(items: list[ParsedItem], problems: list[str]) -> None:
    """``replaces`` may not point at the item itself or go round in a circle."""
    by_number = {p.item.number: p for p in items if p.item.number}
    for parsed in items:
        if not parsed.replaces:
            continue
        seen: list[str | None] = [parsed.item.number]
        target: str | None = parsed.replaces
        while target is not None:
            if target in seen:
                kind = (
                    _("replaces itself")
                    if target == parsed.item.number and len(seen) == 1
                    else _("the replacements go round in a circle: {chain}").format(
                        chain=" → ".join(str(n) for n in [*seen, target])
                    )
                )
                problems.append(f"{parsed.label}, replaces: {kind}")
                break
            seen.append(target)
            nxt = by_number.get(target)
            target = nxt.replaces if nxt is not None else None


def _parse_item(
    position: int, raw: Any, base: Path, problems: list[str], load_images: bool
) -> ParsedItem | None:
    if not isinstance(raw, dict):
        problems.append(_("item {n}: must be an object").format(n=position))
        return None
    title = raw.get("title") if isinstance(raw.get("title"), str) else ""
    number = raw.get("number") if isinstance(raw.get("number"), str) else None
    where = _("item {n}").format(n=position)
    if number:
        where += f" [{number}]"
    where += f" “{title}”"
    c = _Collector(where, problems)
    c.unknown(raw, ITEM_KEYS)
    ptype = c.choice(raw, "publication_type", PublicationType)
    if raw.get("publication_type") is None:
        c.add("publication_type", _("required"))
    item = Item(
        title=c.text(raw, "title", required=True).strip(),
        publication_type=ptype or PublicationType.LONG_TERM,
        body=c.text(raw, "body"),
        domain=c.choice(raw, "domain", Domain),
        scope=c.choice(raw, "scope", Scope),
        status=c.choice(raw, "status", Status, default=Status.DRAFT),
        number=c.text(raw, "number") or None,
        period=c.text(raw, "period") or None,
        publish_date=c.day(raw, "publish_date"),
        expire_date=c.day(raw, "expire_date"),
        responsible=c.text(raw, "responsible"),
        reviewer=c.text(raw, "reviewer"),
        review_date=c.day(raw, "review_date"),
        review_opinion=c.text(raw, "review_opinion"),
        retention=c.choice(raw, "retention", Retention),
        withdrawn_date=c.day(raw, "withdrawn_date"),
        withdrawn_reason=c.text(raw, "withdrawn_reason"),
        opening_balance=c.money(raw, "opening_balance", signed=True),
    )
    if item.period:
        item.period = c.digits(item.period, "period")
        try:
            item.period = str(Period.parse(item.period))
        except PeriodError:
            c.add(
                "period",
                _("“{value}” is not a period (2026, 2026-H2, 2026-Q3, 2026-09)").format(
                    value=item.period
                ),
            )
        if ptype is not None and ptype is not PublicationType.PERIODIC:
            c.add("period", _("only periodic items have a period"))
    elif ptype is PublicationType.PERIODIC:
        c.add("period", _("required for periodic items"))
    if item.publish_date and item.expire_date and item.expire_date < item.publish_date:
        c.add("expire_date", _("before publish_date"))
    if item.status in (Status.PUBLISHED, Status.WITHDRAWN) and not raw.get("publish_date"):
        c.add("publish_date", _("required for published and withdrawn items"))
    if item.status is Status.WITHDRAWN and not raw.get("withdrawn_date"):
        c.add("withdrawn_date", _("required for withdrawn items"))
    if item.withdrawn_date and item.publish_date and item.withdrawn_date < item.publish_date:
        c.add("withdrawn_date", _("before publish_date"))
    if item.number is not None:
        item.number = c.digits(item.number.strip(), "number")
        if _number_ok(item.number):
            item.number = normalise_number(item.number)
        else:
            c.add("number", _("“{value}” is not a number like 2026-017").format(value=item.number))
    item.ledger = _parse_ledger(raw.get("ledger"), c)
    item.images = _parse_images(raw.get("images"), c, base, load_images)
    for problem in size_problems(item):
        c.add(problem.field, problem.message)
    category = c.text(raw, "category").strip() or None
    replaces = c.text(raw, "replaces") or None
    if replaces:
        replaces = c.digits(replaces.strip(), "replaces")
        if _number_ok(replaces):
            replaces = normalise_number(replaces)
        else:
            c.add("replaces", _("“{value}” is not a number like 2026-017").format(value=replaces))
            replaces = None
    return ParsedItem(position, item, category, replaces, set(raw))


_NUMBER = re.compile(r"^[0-9]{4}-[0-9]{1,6}$")


def _number_ok(number: str) -> bool:
    return bool(_NUMBER.match(number))


def normalise_number(number: str) -> str:
    """ "2026-7" and "2026-0007" are the same 公开编号 as "2026-007"."""
    year, _sep, seq = number.partition("-")
    return f"{year}-{int(seq):03d}"


def _parse_ledger(rows: Any, c: _Collector) -> list[LedgerRow]:
    if rows is None:
        return []
    if not isinstance(rows, list):
        c.add("ledger", _("must be a list"))
        return []
    out = []
    if len(rows) > limits.LEDGER_ROWS_MAX:
        c.add(
            "ledger",
            _("{count} rows; at most {limit} are allowed.").format(
                count=len(rows), limit=limits.LEDGER_ROWS_MAX
            ),
        )
        return []
    for n, raw in enumerate(rows, start=1):
        rc = _Collector(c.where + ", " + _("ledger row {n}").format(n=n), c.problems)
        if not isinstance(raw, dict):
            rc.add("ledger", _("must be an object"))
            continue
        rc.unknown(raw, LEDGER_KEYS)
        income = rc.money(raw, "income", default=parse_money("0"))
        expense = rc.money(raw, "expense", default=parse_money("0"))
        if income > 0 and expense > 0:
            rc.add("income/expense", _("a row has either an income or an expense, not both"))
        row = LedgerRow(
            date=rc.day(raw, "date"),
            voucher=rc.text(raw, "voucher"),
            summary=rc.text(raw, "summary"),
            income=income,
            expense=expense,
        )
        out.append(row)
    return out


def _parse_images(images: Any, c: _Collector, base: Path, load: bool) -> list[ItemImage]:
    if images is None:
        return []
    if not isinstance(images, list):
        c.add("images", _("must be a list"))
        return []
    out: list[ItemImage] = []
    for n, raw in enumerate(images, start=1):
        ic = _Collector(c.where + ", " + _("image {n}").format(n=n), c.problems)
        if not isinstance(raw, dict):
            ic.add("images", _("must be an object"))
            continue
        ic.unknown(raw, IMAGE_KEYS)
        rel = ic.text(raw, "path", required=True)
        caption = ic.text(raw, "caption")
        if not rel:
            continue
        if len(out) >= limits.IMAGES_MAX:
            ic.add("images", _("at most {limit} pictures").format(limit=limits.IMAGES_MAX))
            break
        if any(len(part.encode("utf-8")) > 255 for part in re.split(r"[\\/]", rel)):
            ic.add(
                "path",
                _("a folder or file name in “{path}” is longer than 255 bytes").format(
                    path=rel[:80]
                ),
            )
            continue
        try:
            path = (base / rel).resolve()
            outside = Path(rel).is_absolute() or not path.is_relative_to(base.resolve())
            exists = not outside and path.is_file()
        except (OSError, ValueError) as exc:
            ic.add(
                "path",
                _("“{path}” is not a usable path ({error})").format(path=rel[:80], error=exc),
            )
            continue
        if outside:
            # Images travel beside the file (export writes <name>_images/); a path leaving
            # that folder could pull unrelated private pictures into a published item.
            ic.add("path", _("“{path}” is outside the file's folder").format(path=rel))
            continue
        if not exists:
            ic.add("path", _("file not found: {path}").format(path=path))
            continue
        if load:
            try:
                out.append(load_image_file(path, caption))
            except UsageError as exc:
                ic.add("path", str(exc))
    return out
