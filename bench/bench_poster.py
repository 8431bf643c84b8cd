"""Poster benchmark: a 30-item A1 board (3 ledgers, 4 pictures). Never run by the test suite.

    .venv/bin/python bench/bench_poster.py [--runs N] [--out DIR] [--no-doc] [--profile]

Measures, all as medians of N runs:

1. board-app in-process build (select, lay out, check glyphs, draw, write the PDF), warm (fonts
   loaded, the same process) and cold (the first build in a fresh process, after the imports);
   the whole ``board-app poster`` command as a process, with its peak RSS.
2. The same content as a .docx (python-docx) converted by ``soffice --headless --convert-to pdf``
   (warm: a reused LibreOffice profile; cold: a fresh profile), as a ratio to the board-app
   command measured in the same run.
3. Layout overhead: in-process build against a bare reportlab script drawing the same text.
4. Tiling: ``poster --tile A4`` against rendering the A1 board and cutting it with
   ``pdfposter -s1 -mA4``.

Prints a table and rewrites the "## Posters" section of docs/benchmarks.md (other sections
are left alone). Needs ``pip install -e .[bench]`` (python-docx) and, from Debian,
``libreoffice-writer-nogui pdfposter poppler-utils``; a missing tool is reported, not fatal.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

TARGET_BUILD_S = 0.3
TARGET_SEARCH = 3.0  # the composer's search: at most this many plain layouts
TARGET_LO_RATIO = 4.0
TARGET_OVERHEAD = 1.5
DOC = ROOT / "docs" / "benchmarks.md"


# --- helpers -----------------------------------------------------------------------------------


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def run_process(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process tree (user + system), output)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {err.decode()[-800:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, (out + err).decode(errors="replace")


def peak_rss_kib(cmd: list[str], env: dict[str, str] | None = None) -> int:
    """Peak RSS of ``cmd`` (and the largest of its children), measured in a helper process."""
    helper = (
        "import resource,subprocess,sys,json;"
        "subprocess.run(json.loads(sys.argv[1]),check=True,capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", helper, json.dumps(cmd)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip())


def machine() -> dict[str, str]:
    import reportlab

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    osname = platform.platform()
    try:
        osname = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
        osname += f" (kernel {platform.release()})"
    except (OSError, AttributeError):
        pass
    lo = "not installed"
    if shutil.which("soffice"):
        lo = subprocess.run(
            ["soffice", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    pp = "not installed"
    if shutil.which("pdfposter"):
        pp = subprocess.run(
            ["pdfposter", "--version"], capture_output=True, text=True, check=False
        ).stdout
        pp = pp.strip()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "os": osname,
        "python": platform.python_version(),
        "reportlab": reportlab.Version,
        "libreoffice": lo,
        "pdfposter": pp,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- in-process builds -------------------------------------------------------------------------


def build(org, cats, items, out: Path, tile: str | None = None) -> tuple[float, object]:
    from poster_content import ON, TEMPLATE

    from board_app.services.boards import PosterOptions, prepare_poster, write_poster

    options = PosterOptions(on=ON, template=TEMPLATE, tile=tile)
    t0 = time.perf_counter()
    result = write_poster(prepare_poster(org, cats, items, options), options, out)
    return time.perf_counter() - t0, result


def child_cold(db: str, out: str, profile: bool = False) -> None:
    """--child: imports, load, then the first build in this fresh process (JSON on stdout)."""
    t0 = time.perf_counter()
    import poster_content

    from board_app import i18n
    from board_app.services import boards  # noqa: F401  (what the command imports)

    i18n.set_language("zh_CN")
    t1 = time.perf_counter()
    org, cats, items = poster_content.load(Path(db))
    t2 = time.perf_counter()
    if profile:
        print(json.dumps({"profile": profiled(lambda: build(org, cats, items, Path(out)))}))
        return
    cold, _ = build(org, cats, items, Path(out))
    warm, _ = build(org, cats, items, Path(out))
    print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "cold": cold, "second": warm}))


def getfont_miss() -> float:
    """Seconds reportlab's ``pdfmetrics.getFont`` takes for a name never registered (it
    parses every AFM file on the Type 1 search path before raising KeyError)."""
    from reportlab.pdfbase import pdfmetrics

    t0 = time.perf_counter()
    with contextlib.suppress(KeyError):
        pdfmetrics.getFont("BenchNoSuchFont-Regular")
    return time.perf_counter() - t0


# --- the benchmark -----------------------------------------------------------------------------


def cli(db: Path, out: Path, tile: str | None = None) -> list[str]:
    cmd = [
        sys.executable,
        str(ROOT / "main.py"),
        "--db",
        str(db),
        "--lang",
        "zh_CN",
        "poster",
        "--org",
        "东风村村民委员会",
        "--template",
        "a1-portrait",
        "--date",
        "2026-10-15",
        "--out",
        str(out),
    ]
    return cmd + (["--tile", tile] if tile else [])


def soffice_cmd(profile: Path, docx: Path, outdir: Path) -> list[str]:
    return [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(docx),
    ]


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def run(args: argparse.Namespace) -> dict:
    from board_app import i18n

    i18n.set_language("zh_CN")
    import bare_reportlab
    import poster_blocks
    import poster_content

    n = args.runs
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    # Keep the command's settings and logs out of the user's directories.
    env["XDG_CONFIG_HOME"] = str(work / "xdg-config")
    env["XDG_DATA_HOME"] = str(work / "xdg-data")
    env["XDG_CACHE_HOME"] = str(work / "xdg-cache")  # the font table cache of the command
    env["BOARD_APP_LANG"] = "zh_CN"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(BENCH)])
    # An installed program has its bytecode compiled (pip compiles at install, a first run
    # writes the rest): measure that, not a source compile of every module on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "board_app")], env=env, check=False
    )
    r: dict = {"runs": n, "machine": machine(), "notes": []}

    db = work / "bench.sqlite3"
    poster_content.make_database(db)
    org, cats, items = poster_content.load(db)
    r["items"] = len(items)
    r["ledger_rows"] = sum(len(i.ledger) for i in items)
    r["images"] = sum(len(i.images) for i in items)
    print(f"content: {r['items']} items, {r['ledger_rows']} ledger rows, {r['images']} pictures")

    # 1. in-process, warm and cold; whole process; peak memory
    a1 = work / "board-a1.pdf"
    build(org, cats, items, a1)  # loads the fonts
    warm = [build(org, cats, items, a1)[0] for _ in range(n)]
    _, result = build(org, cats, items, a1)
    r["sheets"] = result.sheets
    r["shown"] = sum(len(v) for v in result.selection.sections.values())
    r["pdf_kib"] = a1.stat().st_size / 1024
    r["warm"] = median(warm)
    colds = []
    for _ in range(n):
        out = subprocess.run(
            [
                sys.executable,
                str(BENCH / "bench_poster.py"),
                "--child",
                str(db),
                str(work / "cold.pdf"),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        colds.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for key in ("imports", "load", "cold", "second"):
        r[f"child_{key}"] = median([c[key] for c in colds])
    cmd = cli(db, work / "cli-a1.pdf")
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # warm the OS file cache
    r["cli"] = median([run_process(cmd, env)[0] for _ in range(n)])
    r["cli_rss_mib"] = peak_rss_kib(cmd, env) / 1024
    import tracemalloc

    tracemalloc.start()
    build(org, cats, items, a1)
    r["warm_tracemalloc_mib"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    print(
        f"in-process warm {r['warm']:.3f} s, cold {r['child_cold']:.3f} s, "
        f"command {r['cli']:.3f} s, peak RSS {r['cli_rss_mib']:.0f} MiB"
    )

    # 1b. the composer's search against one plain layout (minimum size, template columns)
    from board_app.layout.poster import build_poster
    from board_app.layout.templates import load_template
    from board_app.services.boards import PosterOptions, prepare_poster

    sel = prepare_poster(
        org, cats, items, PosterOptions(on=poster_content.ON, template=poster_content.TEMPLATE)
    )
    sections, template = sel.selection.sections, load_template(poster_content.TEMPLATE)
    searched, plain = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        build_poster(org, sections, template, poster_content.ON, categories=cats)
        t1 = time.perf_counter()
        build_poster(org, sections, template, poster_content.ON, categories=cats, fill=False)
        searched.append(t1 - t0)
        plain.append(time.perf_counter() - t1)
    r["layout_search"], r["layout_plain"] = median(searched), median(plain)
    r["search_ratio"] = r["layout_search"] / r["layout_plain"]
    r["scale"], r["columns"] = sel.layout.scale, sel.layout.columns
    print(
        f"layout with search {r['layout_search']:.3f} s, plain {r['layout_plain']:.3f} s "
        f"({r['search_ratio']:.2f}x)"
    )

    # 3. bare reportlab
    board = poster_blocks.board(org, cats, items, poster_content.ON)
    r["chars"] = board.chars()
    bare_reportlab.register(ROOT / "resources" / "fonts")
    bare_pdf = work / "bare.pdf"
    bare_reportlab.render(board, bare_pdf)
    bare, ours = [], []
    for _ in range(n):  # interleaved with board-app builds so machine noise hits both
        t0 = time.perf_counter()
        r["bare_pages"] = bare_reportlab.render(board, bare_pdf)
        bare.append(time.perf_counter() - t0)
        ours.append(build(org, cats, items, a1)[0])
    r["bare"] = median(bare)
    r["warm_paired"] = median(ours)
    r["overhead"] = r["warm_paired"] / r["bare"]
    print(f"bare reportlab {r['bare']:.3f} s, overhead {r['overhead']:.2f}x")

    # 2. LibreOffice
    r["lo"] = None
    try:
        import poster_docx
    except ImportError as exc:
        r["notes"].append(f"python-docx missing ({exc}); pip install -e .[bench]")
        poster_docx = None
    if poster_docx is not None and shutil.which("soffice"):
        docx = work / "board.docx"
        t0 = time.perf_counter()
        poster_docx.build_docx(board, docx)
        r["docx_build"] = time.perf_counter() - t0
        lo_dir = work / "lo"
        lo_dir.mkdir(exist_ok=True)
        lo_env = poster_docx.fontconfig_env(ROOT / "resources" / "fonts", lo_dir)
        profile = lo_dir / "profile"
        shutil.rmtree(profile, ignore_errors=True)
        first = run_process(soffice_cmd(profile, docx, lo_dir), lo_env)[0]  # profile + fc cache
        lo_warm, lo_cold, cli_same, lo_cpu, cli_cpu = [], [], [], [], []
        for k in range(n):
            wall, cpu, _ = run_process(soffice_cmd(profile, docx, lo_dir), lo_env)
            lo_warm.append(wall)
            lo_cpu.append(cpu)
            wall, cpu, _ = run_process(cmd, env)
            cli_same.append(wall)
            cli_cpu.append(cpu)
            fresh = lo_dir / f"profile-cold-{k}"
            shutil.rmtree(fresh, ignore_errors=True)
            lo_cold.append(run_process(soffice_cmd(fresh, docx, lo_dir), lo_env)[0])
            shutil.rmtree(fresh, ignore_errors=True)
        r["lo"] = {
            "first": first,
            "warm": median(lo_warm),
            "cold": median(lo_cold),
            "cli_same_run": median(cli_same),
            "cpu_warm": median(lo_cpu),
            "cli_cpu": median(cli_cpu),
            "rss_mib": peak_rss_kib(soffice_cmd(profile, docx, lo_dir), lo_env) / 1024,
            "pages": pages(lo_dir / "board.pdf"),
        }
        r["lo"]["ratio"] = r["lo"]["warm"] / r["lo"]["cli_same_run"]
        r["lo"]["ratio_inproc"] = r["lo"]["warm"] / r["warm"]
        r["lo"]["ratio_cpu"] = r["lo"]["cpu_warm"] / r["lo"]["cli_cpu"]
        print(
            f"LibreOffice warm {r['lo']['warm']:.2f} s (cold {r['lo']['cold']:.2f} s), "
            f"ratio {r['lo']['ratio']:.1f}x against the command "
            f"(CPU time {r['lo']['cpu_warm']:.2f} s / {r['lo']['cli_cpu']:.2f} s = "
            f"{r['lo']['ratio_cpu']:.1f}x)"
        )
    elif poster_docx is not None:
        r["notes"].append("soffice not found: apt-get install libreoffice-writer-nogui")

    # 4. tiling
    tiled = work / "board-a1-tiled-a4.pdf"
    tile_warm = []
    build(org, cats, items, tiled, tile="A4")
    for _ in range(n):
        t, res = build(org, cats, items, tiled, tile="A4")
        tile_warm.append(t)
    r["tile_pages"] = res.pages_written
    r["tile_kib"] = tiled.stat().st_size / 1024
    r["tile_warm"] = median(tile_warm)
    tcmd = cli(db, work / "cli-tiled.pdf", tile="A4")
    r["tile_cli"] = median([run_process(tcmd, env)[0] for _ in range(n)])
    r["tile_cli_rss_mib"] = peak_rss_kib(tcmd, env) / 1024
    r["pdfposter"] = None
    if shutil.which("pdfposter"):
        cut = work / "board-a1-pdfposter-a4.pdf"
        pcmd = ["pdfposter", "-s1", "-mA4", str(a1), str(cut)]
        pp = median([run_process(pcmd)[0] for _ in range(n)])
        r["pdfposter"] = {
            "cut": pp,
            "inproc_total": r["warm"] + pp,
            "cli_total": r["cli"] + pp,
            "pages": pages(cut),
            "kib": cut.stat().st_size / 1024,
            "rss_mib": peak_rss_kib(pcmd) / 1024,
        }
        print(
            f"tile: board-app {r['tile_warm']:.3f} s in-process, {r['tile_cli']:.3f} s command;"
            f" render + pdfposter {r['pdfposter']['cli_total']:.3f} s"
        )
    else:
        r["notes"].append("pdfposter not found: apt-get install pdfposter")

    # previews
    if shutil.which("pdftoppm"):
        for pdf in (a1, tiled, bare_pdf, work / "lo" / "board.pdf"):
            if pdf.exists():
                subprocess.run(
                    [
                        "pdftoppm",
                        "-r",
                        "20",
                        "-f",
                        "1",
                        "-l",
                        "2",
                        "-png",
                        str(pdf),
                        str(work / ("preview-" + pdf.stem)),
                    ],
                    check=False,
                )
    r["getfont_miss"] = median([getfont_miss() for _ in range(3)])
    if args.profile:
        r["profile_warm"] = profiled(lambda: build(org, cats, items, work / "profiled.pdf"))
        out = subprocess.run(
            [
                sys.executable,
                str(BENCH / "bench_poster.py"),
                "--child",
                str(db),
                str(work / "cold.pdf"),
                "--profile",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        r["profile_cold"] = json.loads(out.stdout.strip().splitlines()[-1])["profile"]
    return r


def profiled(fn, top: int = 12) -> str:
    """cProfile of ``fn()``: the top functions by cumulative time, paths shortened."""
    import cProfile
    import io
    import pstats

    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()
    s = io.StringIO()
    pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(r"board_app|reportlab|PIL", top)
    text = s.getvalue()
    text = re.sub(r"\S*/site-packages/", "", text).replace(str(ROOT) + "/", "")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line.rstrip() for line in lines[start:] if line.strip())


# --- report ------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(r: dict) -> str:
    m = r["machine"]
    lo, pp = r["lo"], r["pdfposter"]
    rows = [
        (
            "in-process build, warm (select → lay out → glyph check → draw → write)",
            f"{r['warm']:.3f} s",
        ),
        (
            "in-process build, cold (first build in a fresh process, after imports)",
            f"{r['child_cold']:.3f} s",
        ),
        (
            "  of which imports before it / loading the 30 items from SQLite",
            f"{r['child_imports']:.3f} s / {r['child_load']:.3f} s",
        ),
        ("`board-app poster` whole process (interpreter start to exit)", f"{r['cli']:.3f} s"),
        ("`board-app poster` peak RSS", f"{r['cli_rss_mib']:.0f} MiB"),
        (
            "peak Python allocations of one warm build (tracemalloc)",
            f"{r['warm_tracemalloc_mib']:.1f} MiB",
        ),
        ("bare reportlab script, same text, warm", f"{r['bare']:.3f} s"),
        (
            (
                f"layout alone with the composer's search (chose scale {r['scale']:.2f}, "
                f"{r['columns']} columns)"
            ),
            f"{r['layout_search']:.3f} s",
        ),
        (
            "layout alone, one plain layout (minimum size, template columns)",
            f"{r['layout_plain']:.3f} s",
        ),
    ]
    if lo:
        rows += [
            ("python-docx: writing the .docx (not counted)", f"{r['docx_build']:.3f} s"),
            ("LibreOffice `--convert-to pdf`, warm profile", f"{lo['warm']:.2f} s"),
            ("LibreOffice, cold (fresh user profile)", f"{lo['cold']:.2f} s"),
            ("LibreOffice peak RSS", f"{lo['rss_mib']:.0f} MiB"),
            (
                "`board-app poster` whole process, interleaved with LibreOffice",
                f"{lo['cli_same_run']:.3f} s",
            ),
            (
                "CPU time (user + system, process tree): LibreOffice warm / board-app",
                f"{lo['cpu_warm']:.2f} s / {lo['cli_cpu']:.3f} s = {lo['ratio_cpu']:.1f}×",
            ),
        ]
    rows += [
        ("`poster --tile A4`, in-process warm", f"{r['tile_warm']:.3f} s"),
        ("`poster --tile A4`, whole process", f"{r['tile_cli']:.3f} s"),
    ]
    if pp:
        rows += [
            ("`pdfposter -s1 -mA4` of the A1 PDF alone", f"{pp['cut']:.3f} s"),
            ("render A1 (whole process) + pdfposter", f"{pp['cli_total']:.3f} s"),
        ]
    out = [
        "## Posters",
        "",
        (
            "Written by `bench/bench_poster.py` (`.venv/bin/python bench/bench_poster.py --runs "
            "N`); never run by the test suite or CI. See `bench/README.md`."
        ),
        "",
        f"- Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %z}; medians of {r['runs']} runs.",
        (
            f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, {m['os']}; Python "
            f"{m['python']}, reportlab {m['reportlab']}; {m['libreoffice']}; {m['pdfposter']}. "
            f"Load average at the start: {m['load']} (other work was running on the machine; "
            "whole-process numbers are the noisiest)."
        ),
        (
            f"- Content: {r['items']} items on an `a1-portrait` board dated 2026-10-15 "
            f"({r['shown']} shown, {r['sheets']} A1 sheets, {r['chars']} printed characters), "
            f"3 ledgers ({r['ledger_rows']} rows), {r['images']} Pillow-drawn pictures (960×640); "
            f"PDF {r['pdf_kib']:.0f} KiB."
        ),
        "",
        "| measurement | result |",
        "|---|---|",
        *[f"| {a} | {b} |" for a, b in rows],
        "",
        "| target | result | verdict |",
        "|---|---|---|",
        (
            f"| in-process build < {TARGET_BUILD_S} s (warm; cold shown too) | "
            f"{r['warm']:.3f} s warm, {r['child_cold']:.3f} s cold | "
            f"{verdict(r['warm'] < TARGET_BUILD_S)} (cold: "
            f"{verdict(r['child_cold'] < TARGET_BUILD_S)}) |"
        ),
        (
            f"| the composer's search ≤ {TARGET_SEARCH:g}× one plain layout | "
            f"{r['search_ratio']:.2f}× ({r['layout_search']:.3f} s / {r['layout_plain']:.3f} s) | "
            f"{verdict(r['search_ratio'] <= TARGET_SEARCH)} |"
        ),
    ]
    if lo:
        out.append(
            f"| LibreOffice / board-app ≥ {TARGET_LO_RATIO:g}× (both whole processes, same run)"
            f" | {lo['ratio']:.1f}× (warm LO profile; {lo['cold'] / lo['cli_same_run']:.1f}× "
            f"cold; {lo['ratio_inproc']:.0f}× against the in-process build) | "
            f"{verdict(lo['ratio'] >= TARGET_LO_RATIO)} |"
        )
    else:
        out.append("| LibreOffice / board-app ≥ 4× | not measured | — |")
    out.append(
        f"| layout overhead ≤ {TARGET_OVERHEAD:g}× a bare reportlab script | "
        f"{r['overhead']:.2f}× ({r['warm_paired']:.3f} s / {r['bare']:.3f} s, interleaved) | "
        f"{verdict(r['overhead'] <= TARGET_OVERHEAD)} |"
    )
    if pp:
        out.append(
            f"| tiling: report both | `--tile A4` {r['tile_cli']:.3f} s whole process "
            f"({r['tile_warm']:.3f} s in-process), {r['tile_pages']} pages, "
            f"{r['tile_kib']:.0f} KiB; render + pdfposter {pp['cli_total']:.3f} s "
            f"({pp['cut']:.3f} s cutting), {pp['pages']} pages, {pp['kib']:.0f} KiB | "
            "reported |"
        )
    out += (
        [""]
        + [f"- Note: {note}" for note in r["notes"]]
        + [
            "",
            "How the numbers are taken:",
            "",
            (
                "- *Warm*: `prepare_poster` + `write_poster` (no database) in a process that has "
                "already built the board once (fonts parsed and registered). *Cold*: the first "
                "build in a fresh interpreter, after the imports and after reading the items from "
                "SQLite. *Whole process*: `python main.py --db … poster --org … --template "
                "a1-portrait --out …`, wall time from start to exit, OS file cache warm."
            ),
            (
                "- LibreOffice converts a python-docx document with the same blocks (A1, two "
                "columns, Noto Sans SC made visible through a private fontconfig file, 20 pt body, "
                "the same tables and pictures). Its first conversion (profile creation, font "
                "cache) is not counted; *warm* reuses that profile, *cold* uses a new profile each "
                "run. The ratio compares it with the board-app command timed in the same loop."
            ),
            (
                "- The bare script (`bench/bare_reportlab.py`) draws the same strings with the "
                "same two embedded faces, breaking lines greedily with `stringWidth`, with no font "
                "fallback, glyph check, masking, column balancing or continuation headings."
            ),
            (
                "- pdfposter cuts without overlap, marks or overview; board-app's tiles have 10 mm "
                "overlap, crop marks, labels and an overview page per sheet."
            ),
        ]
    )
    out += [
        "",
        "Where the time goes (cProfile/pyinstrument, `--profile` adds the tables below):",
        "",
        (
            "- Fixed after the first run of this benchmark: `render/fonts.py` `load_face` called "
            "`pdfmetrics.getFont()` for names not yet registered, which makes reportlab parse "
            f"every AFM file on its search path ({r['getfont_miss']:.3f} s per miss here); it now "
            "asks the registry first. PDF streams are written binary (`rl_config.useA85 = 0` in "
            "`board_app/render/__init__.py`): the pure-Python ASCII85 encoder was about a quarter "
            "of a warm build. The command imports the archive engine only for archive commands."
        ),
        (
            "- Font tables: `TTFont.__init__` parsing the bundled CJK faces (Noto Sans SC regular "
            "and bold, 10 MB each, plus the Hanazono fallback when a rare character needs it) took "
            "0.1–0.25 s per process; the parsed tables are now cached per font file in the user "
            "cache folder (`render/font_cache.py`, keyed by path, size and mtime; the benchmark's "
            "commands use their own cache folder, filled by the first, uncounted run), which "
            "loads in roughly a third of the parse time. Glyph offsets and metrics are stored "
            "as packed arrays (a copy to load, instead of 60,000 tuples per face), widths only "
            "where they differ from the face's default (724 of 30,890 in Noto Sans SC), and "
            "the font file is mapped: subsetting reads the few hundred glyphs it embeds slice "
            "by slice instead of copying the 10 MB glyph table first (this copy was a sixth of "
            "the write)."
        ),
        "- Whole process: interpreter start plus imports (about 0.14 s on a quiet machine; "
        "`python -X importtime` shows babel parsing the .po catalogues and the services "
        "package importing the interchange and storage layers among the largest), opening "
        "the database and reading the items (about 0.04 s), then the cold build. The "
        "interpreter's final garbage collection over every object still alive at exit "
        "(a tenth of the command) is skipped with `gc.freeze()` in the process entry point "
        "(`board_app.app.run`). About a tenth of the whole command is Python 3.11's "
        "`dataclasses` compiling each generated method from source (one `exec` per method, "
        "about 0.5 ms per class, some 60 classes on this path). "
        + (
            f"Reaching 4× against a warm LibreOffice ({lo['warm']:.2f} s here) needs the "
            f"command to finish in {lo['warm'] / TARGET_LO_RATIO:.2f} s."
            if lo
            else ""
        ),
        (
            "- The composer: trial layouts estimate each paragraph's line count from its cached "
            "width (no line breaking) and only the chosen scale is laid out exactly (and, when "
            "the estimate was optimistic, a few exact bisection steps); string widths at 1 pt are "
            "cached per font chain and the masking of the same texts is memoised across trials. "
            "The rest of a warm build is reportlab writing the pages and font subsets."
        ),
    ]
    for key, title in (("profile_cold", "cold build"), ("profile_warm", "warm build")):
        if r.get(key):
            out += ["", f"cProfile, {title}, top by cumulative time:", "", "```", r[key], "```"]
    return "\n".join(out) + "\n"


def write_section(text: str, doc: Path = DOC) -> None:
    """Replace the "## Posters" section (up to the next "## " heading) or append it."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Posters\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(old):
        new = pattern.sub(lambda _m: text + "\n", old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    doc.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_cold(sys.argv[2], sys.argv[3], profile="--profile" in sys.argv[4:])
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    p.add_argument(
        "--out",
        default=os.path.join(tempfile.gettempdir(), "board-bench"),
        help="working folder for the PDFs and previews",
    )
    p.add_argument("--no-doc", action="store_true", help="do not update docs/benchmarks.md")
    p.add_argument(
        "--profile",
        action="store_true",
        help="add cProfiles of a cold and a warm build to the report",
    )
    p.add_argument("--json", help="also write the raw numbers to this file")
    args = p.parse_args()
    r = run(args)
    text = report(r)
    print()
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2, ensure_ascii=False), encoding="utf-8")
    if not args.no_doc:
        write_section(text)
        print(f"updated {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
