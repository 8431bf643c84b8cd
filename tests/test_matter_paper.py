"""The 四议两公开 record sheet: one A4 page, embedded fonts, the meetings and signature lines."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from board_app.domain.matters import Outcome, Step, StepKind
from board_app.services.matter_paper import write_record_sheet


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_demo_matter_sheet(services, tmp_path):
    from board_app.demo_matters import build_mohei

    matter = build_mohei(services, date(2026, 11, 20))
    out = write_record_sheet(services, matter.id, tmp_path / "sheet.pdf", deterministic=True)
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = _text(out).replace(" ", "").replace("\n", "")
    for needle in (
        "四议两公开",
        "生态文明家园建设项目50户落实范围",
        "66/3/2",
        "92",
        "决议公开",
        "实施结果公开",
        "主持人（签字）",
        "记录人（签字）",
        "村务监督委员会（签字）",
        "陈䶮",
        "王德喆",
    ):
        assert needle in text, needle
    data = out.read_bytes()
    assert b"Helvetica" not in data


def test_many_meetings_still_fit_one_page(services, tmp_path):
    from board_app.demo_matters import build_mohei

    matter = build_mohei(services, date(2026, 11, 20))
    # Re-use its org: a matter deliberated again and again.
    from board_app.domain.matters import Matter

    long = services.matters.create(
        Matter(title="村道改线" * 5, organization_id=matter.organization_id)
    )
    day = date(2026, 3, 1)
    services.matters.save_step(
        long.id,
        Step(
            StepKind.PROPOSAL,
            held_on=day,
            place="会议室",
            chair="甲",
            recorder="乙",
            members=7,
            present=7,
            votes_for=7,
            votes_against=0,
            abstentions=0,
            outcome=Outcome.PASSED,
            summary="提议" * 40,
        ),
    )
    services.matters.close_step(long.id, services.matters.get(long.id).open_step().id)
    for k in range(9):
        kind = StepKind.CONSULTATION
        step = Step(
            kind,
            held_on=date(2026, 3, 2 + k),
            place="会议室",
            chair="甲",
            recorder="乙",
            members=12,
            present=10,
            votes_for=3,
            votes_against=7,
            abstentions=0,
            outcome=Outcome.RECONSIDER,
            then=kind.value,
            summary="再议" * 30,
        )
        m = services.matters.save_step(long.id, step)
        services.matters.close_step(long.id, m.open_step().id)
    out = write_record_sheet(services, long.id, tmp_path / "long.pdf")
    assert len(PdfReader(str(out)).pages) == 1


def test_archive_files_the_matter_with_its_resolution(services, tmp_path):
    from board_app.demo_matters import MOHEI, build_mohei
    from board_app.services.archive import build_archive

    build_mohei(services, date(2026, 11, 20))
    result = build_archive(services, MOHEI, 2026, out=tmp_path / "box.pdf", deterministic=True)
    text = _text(result.files[0].pdf).replace(" ", "").replace("\n", "")
    assert "附件：“四议两公开”记录表" in text
    assert text.count("村务监督委员会（签字）") == 1  # the sheet is filed once, with the 决议公开
    assert "2026-003" in text and "2026-004" in text and "附四议两公开记录表" in text
    assert "实际支出600,000.00元" in text
