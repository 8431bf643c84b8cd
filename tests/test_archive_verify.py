"""Archive manifests and verify, box labels, the command line, and a look at the pages as PNG."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from archive_checks import pdfa_checked  # noqa: F401 (autouse: every box passes)
from PIL import Image
from test_archive_build import manifest, populate

from board_app.services.archive import build_archive, build_labels
from board_app.services.archive_verify import verify_archive


def test_manifest_verified_and_tampering_detected(services, party_org, tmp_path: Path) -> None:
    items = populate(services, party_org)
    out = tmp_path / "box.pdf"
    build_archive(services, party_org.name, 2026, retention="永久", out=out)
    report = verify_archive(services, out)
    assert report.ok, report.problems
    assert report.items_checked == len(manifest(out)["items"])

    tampered = tmp_path / "tampered.pdf"
    shutil.copy(out, tampered)
    shutil.copy(out.with_name("box.manifest.json"), tmp_path / "tampered.manifest.json")
    data = bytearray(tampered.read_bytes())
    at = data.index(b"/Title")
    data[at + 8] ^= 0x01  # one changed byte in the PDF
    tampered.write_bytes(bytes(data))
    problems = verify_archive(services, tampered).problems
    assert any("SHA-256" in p for p in problems)

    services.items.withdraw(items["fees"].id, on=date(2026, 9, 1), reason="更正")
    problems = verify_archive(services, out).problems
    assert problems == [f"{manifest(out)['items'][1]['archive_no']}：该事项在归档后被修改。"]

    (tmp_path / "box.manifest.json").unlink()
    assert "清单文件" in verify_archive(services, out).problems[0]


def test_labels_one_per_box(services, party_org, tmp_path: Path) -> None:
    populate(services, party_org)
    build_archive(services, party_org.name, 2026, out=tmp_path / "a.pdf")
    out = tmp_path / "labels.pdf"
    batches = build_labels(services, party_org.name, 2026, out)
    assert [(b.retention.value, b.box) for b in batches] == [("永久", 1), ("30年", 1)]
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2  # spines on one sheet, covers on the next
    from pypdf import PdfReader

    text = "".join((p.extract_text() or "") for p in PdfReader(out).pages)
    for word in ("J031", "2026", "永久", "30年", "0001", "中共东风村支部委员会", "盒号"):
        assert word in text
    assert b"Helvetica" not in out.read_bytes()


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    code = "import sys; from board_app.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), "--lang", "zh_CN", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
    )


def test_cli_archive_verify_labels(services, party_org, db_path: Path, tmp_path: Path) -> None:
    populate(services, party_org)
    services.close()
    out = tmp_path / "cli.pdf"
    done = _cli(db_path, "archive", "--org", party_org.name, "--year", "2026", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "cli-Y.pdf" in done.stdout and "cli-D30.pdf" in done.stdout
    assert _cli(db_path, "verify", str(tmp_path / "cli-Y.pdf")).returncode == 0
    broken = tmp_path / "cli-D30.pdf"
    broken.write_bytes(broken.read_bytes() + b"\n% appended\n")
    failed = _cli(db_path, "verify", str(broken))
    assert failed.returncode == 4 and "SHA-256" in failed.stderr
    labels = _cli(
        db_path,
        "labels",
        "--org",
        party_org.name,
        "--year",
        "2026",
        "--out",
        str(tmp_path / "l.pdf"),
        "--spine",
        "30",
    )
    assert labels.returncode == 0, labels.stderr
    assert (
        _cli(db_path, "archive", "--org", "不存在", "--year", "2026", "--out", str(out)).returncode
        == 2
    )


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_pages_render_as_png(services, party_org, tmp_path: Path) -> None:
    """Cover, catalogue and a 件 page render; the 归档章 corner and the page number have ink."""
    populate(services, party_org)
    out = tmp_path / "box.pdf"
    build_archive(services, party_org.name, 2026, retention="永久", out=out)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "3", "-png", str(out), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 3
    for png in pngs:
        img = Image.open(png).convert("L")
        assert img.getextrema()[0] < 100  # not blank
    item = Image.open(pngs[2]).convert("L")
    w, h = item.size
    stamp = item.crop((int(w * 0.6), int(h * 0.1), int(w * 0.88), int(h * 0.2)))
    assert stamp.getextrema()[0] < 128  # the 归档章 at the top right
    foot = item.crop((int(w * 0.5), int(h * 0.85), w, h))
    assert foot.getextrema()[0] < 160  # "— 3 —" at the foot, right on an odd page
