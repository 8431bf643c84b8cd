"""Every box PDF an archive test builds passes the structural PDF/A check (import the fixture
``pdfa_checked`` into a test module: it is autouse)."""

from __future__ import annotations

import pytest

from board_app.render.pdfa_check import check_pdfa


@pytest.fixture(autouse=True)
def pdfa_checked(monkeypatch: pytest.MonkeyPatch):
    """Wrap the step that records a written box: a file claiming PDF/A must pass the check."""
    from board_app.services import archive

    original = archive._record
    checked: list[str] = []

    def record(services, store, content, rendered, pdf):
        box = original(services, store, content, rendered, pdf)
        if rendered.pdfa:
            problems = check_pdfa(pdf)
            assert problems == [], f"{pdf.name}: {problems}"
            checked.append(pdf.name)
        return box

    monkeypatch.setattr(archive, "_record", record)
    yield checked
