"""Render the composer gallery of docs/posters.md: A3, A1 portrait, A0 landscape and a
2000x1200 panel with 3, 10 and 30 items (the test corpus of tests/poster_corpus.py).

    .venv/bin/python bench/poster_gallery.py [--out docs/images]

Writes one PNG per board size (every sheet of the 3-, 10- and 30-item boards side by side,
rendered with pdftoppm) and prints the Markdown table of scales, columns and fills.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from poster_corpus import ON, categories, corpus_sections
from poster_samples import org

from board_app.layout.poster import build_poster
from board_app.layout.templates import custom_template
from board_app.render.poster_pdf import PdfInfo, render_poster

BOARDS = [("A3", False, "a3"), ("A1", False, "a1"), ("A0", True, "a0-landscape"),
          ("2000x1200", False, "2000x1200")]  # fmt: skip
COUNTS = (3, 10, 30)
HEIGHT = 300  # pixels of every sheet in the gallery images


def main() -> int:
    from PIL import Image, ImageDraw

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=str(ROOT / "docs" / "images"))
    args = p.parse_args()
    from board_app.i18n import set_language

    set_language("en")  # the table's names; the boards print in the organization's Chinese
    out = Path(args.out)
    rows = ["| board | items | sheets | body (pt) | scale | columns | fill per sheet | layout s |",
            "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for size, landscape, slug in BOARDS:
            strips = []
            for count in COUNTS:
                t0 = time.perf_counter()
                layout = build_poster(
                    org(),
                    corpus_sections(count),
                    custom_template(size, landscape),
                    ON,
                    categories=categories(),
                )
                seconds = time.perf_counter() - t0
                pdf = Path(tmp) / f"{slug}-{count}.pdf"
                render_poster(layout, pdf, PdfInfo(layout.title, "gallery"), deterministic=True)
                dpi = max(4, round(HEIGHT / (layout.template.height_mm / 25.4)))
                subprocess.run(
                    ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(pdf.with_suffix(""))],
                    check=True,
                )
                pages = sorted(Path(tmp).glob(f"{slug}-{count}-*.png"))
                strips.append((count, [Image.open(pg).convert("RGB") for pg in pages]))
                fills = ", ".join(f"{f:.0%}" for f in layout.fills)
                rows.append(
                    f"| {layout.template.display_name()} | {count} | {len(layout.sheets)} | "
                    f"{layout.body_size:.1f} | {layout.scale:.2f} | {layout.columns} | "
                    f"{fills} | {seconds:.2f} |"
                )
            width = max(sum(im.width + 8 for im in ims) for _c, ims in strips) + 70
            height = sum(max(im.height for im in ims) + 12 for _c, ims in strips)
            sheet = Image.new("RGB", (width, height), (200, 200, 200))
            draw = ImageDraw.Draw(sheet)
            y = 0
            for count, ims in strips:
                draw.text((6, y + 6), f"{count}", fill=(0, 0, 0))
                x = 60
                for im in ims:
                    sheet.paste(im, (x, y + 6))
                    x += im.width + 8
                y += max(im.height for im in ims) + 12
            sheet = sheet.quantize(colors=48)
            sheet.save(out / f"composer-{slug}.png", optimize=True)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
