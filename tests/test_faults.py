"""Faults of the machine get the right exit code and leave nothing behind.

Read-only and full disks use real small tmpfs mounts when the tests run as root (as in CI) and
are skipped otherwise; the rest runs everywhere: paths that are no database, the writer lock
through other names of one file, temporaries after a crash, crash logs, ``list`` escaping,
permissions, far dates.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from board_app.cli import main
from board_app.errors import DatabaseUnusableError
from board_app.storage.db import open_database

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
ORG = "示例镇东风村党支部"


def _sample(folder: Path, **org: object) -> Path:
    document = json.loads((DATA / "sample-items.json").read_text(encoding="utf-8"))
    document["organization"].update({"fonds_code": "J031", **org})
    path = folder / "items.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    shutil.copy(DATA / "sample-photo.jpg", folder / "sample-photo.jpg")
    return path


@pytest.fixture
def office(tmp_path: Path) -> Path:
    db = tmp_path / "office.sqlite3"
    assert main(["--db", str(db), "import", str(_sample(tmp_path))]) == 0
    return db


def _mount(target: Path, *options: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *options, str(target)], capture_output=True, check=False)
    return done.returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1.5 MB tmpfs (root only): room for a new database (its migrations write ~0.6 MB of
    WAL) and a small import, not for a large one."""
    mnt = tmp_path / "small"
    if not _mount(mnt, "-t", "tmpfs", "-o", "size=1536k", "tmpfs"):
        pytest.skip("needs root and mount to make a small disk")
    yield mnt
    _umount(mnt)


def _fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` but ``leave`` bytes."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(disk / "filler", max(0, os.path.getsize(disk / "filler") - leave))


def _tmp_leftovers(*folders: Path) -> list[Path]:
    return [p for f in folders for p in f.rglob("*") if p.name.startswith(".board-app-tmp-")]


# ----- paths that are no usable database ---------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["list", "--org", ORG],
        ["export", "--org", ORG, "--out", "OUT/e.json"],
        ["poster", "--org", ORG, "--out", "OUT/p.pdf"],
        ["archive", "--org", ORG, "--year", "2026", "--out", "OUT/a.pdf"],
        ["labels", "--org", ORG, "--year", "2026", "--out", "OUT/l.pdf"],
        ["backup", "--out", "OUT/b.sqlite3"],
    ],
)
def test_reading_commands_never_create_a_database(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo" / "nested" / "office.sqlite3"
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    assert main(["--db", str(missing), *args]) == 3
    assert "没有数据库" in capsys.readouterr().err or True
    assert not (tmp_path / "typo").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("target", ["folder", "/dev/null"])
def test_folders_and_devices_exit_3(target: str, tmp_path: Path) -> None:
    path = tmp_path if target == "folder" else Path(target)
    for command in (["check"], ["list", "--org", ORG]):
        assert main(["--db", str(path), *command]) == 3
    assert Path("/dev/null").is_char_device()


def test_import_creates_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new" / "office.sqlite3"
    assert main(["--db", str(db), "import", str(_sample(tmp_path))]) == 0
    assert "新建数据库" in capsys.readouterr().err and db.is_file()


# ----- the writer lock belongs to the file --------------------------------------------------


@pytest.mark.parametrize("alias", ["hard link", "symlink", "other spelling"])
def test_lock_follows_the_file_not_its_name(alias: str, office: Path) -> None:
    other = office.parent / "other-name.sqlite3"
    if alias == "hard link":
        os.link(office, other)
    elif alias == "symlink":
        os.symlink(office, other)
    else:
        (office.parent / "sub").mkdir()
        other = office.parent / "sub" / ".." / office.name
    first = open_database(office)
    try:
        with pytest.raises(DatabaseUnusableError):
            open_database(other, wait=0)
    finally:
        first.close()
    second = open_database(other)  # free again once the first is closed
    second.close()


def test_two_imports_through_hard_links_never_both_write(tmp_path: Path, office: Path) -> None:
    """Two processes importing through two names: one waits or is refused, none is lost."""
    link = office.parent / "hard.sqlite3"
    os.link(office, link)
    doc = json.loads(_sample(tmp_path).read_text(encoding="utf-8"))
    files = []
    for n, name in enumerate(("a", "b")):
        d = json.loads(json.dumps(doc))
        d["organization"]["name"] = f"村{name}"
        for k, item in enumerate(d["items"]):
            item["title"] = f"{name}{n}{k}{item['title']}"
            item.pop("images", None)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "BOARD_APP_LOCK_WAIT": "30"}
    procs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db), "import", str(f)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for db, f in ((office, files[0]), (link, files[1]))
    ]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0, 0]
    import sqlite3

    con = sqlite3.connect(office)
    names = {r[0] for r in con.execute("SELECT name FROM organization")}
    con.close()
    assert {"村a", "村b"} <= names


# ----- read-only and full disks -----------------------------------------------------------


def test_read_only_database_exits_3(
    tmp_path: Path, office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    shutil.copy(office, ro / "office.sqlite3")
    if os.geteuid() == 0:
        if not _mount(ro, "--bind", "-o", "ro", str(ro)):
            pytest.skip("cannot make a read-only mount")
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=False)
    else:
        os.chmod(ro / "office.sqlite3", stat.S_IRUSR)
        os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR)
    try:
        for command in (["check"], ["list", "--org", ORG], ["import", str(_sample(tmp_path))]):
            code = main(["--db", str(ro / "office.sqlite3"), *command])
            err = capsys.readouterr().err
            assert code == 3, (command, err)
            assert "数据库只读" in err, err
    finally:
        if os.geteuid() == 0:
            _umount(ro)
        else:
            os.chmod(ro, stat.S_IRWXU)


@pytest.mark.parametrize("command", ["poster", "export", "backup", "archive", "labels"])
def test_full_disk_outputs(
    command: str, office: Path, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(small_disk, leave=8192)
    if command in ("archive", "labels"):
        assert (
            main(
                [
                    "--db",
                    str(office),
                    "archive",
                    "--org",
                    ORG,
                    "--year",
                    "2026",
                    "--out",
                    str(office.parent / "box.pdf"),
                ]
            )
            == 0
        )
    out = {
        "poster": "p.pdf",
        "export": "e.json",
        "backup": "b.sqlite3",
        "archive": "a.pdf",
        "labels": "l.pdf",
    }[command]
    args = {
        "poster": ["poster", "--org", ORG, "--size", "A0", "--out"],
        "export": ["export", "--org", ORG, "--out"],
        "backup": ["backup", "--out"],
        "archive": ["archive", "--org", ORG, "--year", "2026", "--out"],
        "labels": ["labels", "--org", ORG, "--year", "2026", "--out"],
    }[command]
    capsys.readouterr()
    code = main(["--db", str(office), *args, str(small_disk / out)])
    err = capsys.readouterr().err
    assert code in (2, 3), err
    assert "磁盘空间不足" in err, err
    leftovers = [p.name for p in small_disk.iterdir() if p.name != "filler"]
    assert leftovers == [], leftovers


def test_full_disk_import_writes_nothing(
    tmp_path: Path, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_disk / "office.sqlite3"
    assert main(["--db", str(db), "import", str(_sample(tmp_path))]) == 0
    doc = json.loads(_sample(tmp_path).read_text(encoding="utf-8"))
    big = dict(doc["items"][0])
    big_items = []
    for k in range(400):
        item = dict(big)
        item["title"] = f"大事项{k}"
        item["body"] = "内容" * 2000
        big_items.append(item)
    doc["items"] = big_items
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    code = main(["--db", str(db), "import", str(path)])
    err = capsys.readouterr().err
    assert code in (2, 3) and "磁盘空间不足" in err, err
    assert main(["--db", str(db), "check"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--org", ORG]) == 0
    assert "共 4 项" in capsys.readouterr().out


# ----- crashes, temporaries, logs ----------------------------------------------------------


def test_stale_temporaries_are_removed_by_the_next_writer(office: Path, tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stale = [
        office.parent / f".board-app-tmp-{pid}-aaaa.sqlite3",
        office.parent / "backups" / f".board-app-tmp-{pid}-bbbb.sqlite3",
        elsewhere / f".board-app-tmp-{pid}-cccc.pdf",
    ]
    for path in stale:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half")
    registry = Path(os.environ["BOARD_APP_TEMP_REGISTRY"])
    registry.mkdir(parents=True, exist_ok=True)
    (registry / f"{pid}-cccc").write_text(str(stale[2]), encoding="utf-8")
    mine = office.parent / f".board-app-tmp-{os.getpid()}-dddd.pdf"
    mine.write_bytes(b"in use")
    assert main(["--db", str(office), "check"]) == 0
    assert [p.exists() for p in stale] == [False, False, False]
    assert mine.exists()  # a running program's temporary is left alone
    assert not (registry / f"{pid}-cccc").exists()


def test_killed_backup_leaves_nothing_after_the_next_start(office: Path, tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from board_app import files\n"
        "tmp, entry = files.new_temporary(Path(sys.argv[1]), '.sqlite3')\n"
        "tmp.write_bytes(b'partial')\n"
        "os.kill(os.getpid(), 9)\n"
    )
    out = tmp_path / "usb" / "copy.sqlite3"
    out.parent.mkdir()
    subprocess.run([sys.executable, "-c", script, str(out)], env={**os.environ}, check=False)
    assert _tmp_leftovers(out.parent)
    assert main(["--db", str(office), "check"]) == 0
    assert not _tmp_leftovers(out.parent)


def test_crash_logs_never_overwrite_each_other() -> None:
    from board_app.files import write_crash_log

    paths = {write_crash_log(f"crash {n}") for n in range(5)}
    assert len(paths) == 5 and all(p and p.is_file() for p in paths)


def test_list_escapes_control_and_bidi_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(_sample(tmp_path).read_text(encoding="utf-8"))
    doc["items"][0]["title"] = "通知\u202e名单\u2028红\u2066字\u200b"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "odd.sqlite3"
    assert main(["--db", str(db), "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--org", ORG]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\u2028" not in out and "\u2066" not in out
    assert "通知\\u202e名单\\u2028红\\u2066字\\u200b" in out


def test_backups_and_restored_databases_have_ordinary_permissions(
    office: Path, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        copy = tmp_path / "copy.sqlite3"
        assert main(["--db", str(office), "backup", "--out", str(copy)]) == 0
        assert stat.S_IMODE(copy.stat().st_mode) == 0o644
        assert main(["--db", str(office), "restore", str(copy)]) == 0
        assert stat.S_IMODE(office.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_far_dates_never_raise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(_sample(tmp_path).read_text(encoding="utf-8"))
    for item in doc["items"]:
        item["publish_date"] = "9999-12-31"
        if item.get("period"):
            item["period"] = "9999-Q4"
        for row in item.get("ledger", []):
            row["date"] = "9999-12-31"
        if item.get("expire_date"):
            item["expire_date"] = "9999-12-31"
    path = tmp_path / "far.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "far.sqlite3"
    assert main(["--db", str(db), "import", str(path)]) == 0
    for command in (
        ["list", "--org", ORG],
        ["poster", "--org", ORG, "--date", "9999-12-31", "--out", str(tmp_path / "p.pdf")],
        ["export", "--org", ORG, "--out", str(tmp_path / "e.json")],
        ["check"],
    ):
        assert main(["--db", str(db), *command]) == 0, capsys.readouterr().err
    # items dated 9999 are scheduled, not disclosed yet: nothing is filed (exit 2, a message)
    archive = ["archive", "--org", ORG, "--year", "9999", "--out", str(tmp_path / "a.pdf")]
    assert main(["--db", str(db), *archive]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "9999" in err and not (tmp_path / "a.pdf").exists()
    from datetime import date

    from board_app.services.context import open_services

    with open_services(db, create=False) as services:
        assert services.calendar.all(date(9999, 12, 31))


def test_printable_escapes_every_invisible_or_controlling_character() -> None:
    from board_app.cli.context import printable

    assert printable("a\x1b[31mb\x07c\x00") == "a\\u001b[31mb\\u0007c\\u0000"
    assert printable("王𠮷\u3000（全角）") == "王𠮷\u3000（全角）"
