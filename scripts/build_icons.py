"""Draw the application icon (resources/icons/board-app.{png,ico}) with Pillow.

A red board with a gold frame and the character 公 in the bundled Noto Sans SC Bold; run it
again only to change the design: ``.venv/bin/python scripts/build_icons.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "NotoSansSC-Bold.ttf"
OUT = ROOT / "resources" / "icons"
SIZE = 512  # drawn large, scaled down for each icon size
RED, GOLD, CREAM = (196, 30, 40), (240, 196, 80), (255, 248, 232)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = SIZE) -> Image.Image:
    """The icon at ``size`` pixels: a board on two posts with 公 on it."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 512
    # posts
    for x in (120, 368):
        post = [x * s, 300 * s, (x + 24) * s, 492 * s]
        d.rounded_rectangle(post, radius=6 * s, fill=(120, 84, 52))
    # board with gold frame and a cream title strip
    d.rounded_rectangle([24 * s, 28 * s, 488 * s, 400 * s], radius=40 * s, fill=GOLD)
    d.rounded_rectangle([44 * s, 48 * s, 468 * s, 380 * s], radius=28 * s, fill=RED)
    font = ImageFont.truetype(str(FONT), int(250 * s))
    d.text((256 * s, 214 * s), "公", font=font, fill=CREAM, anchor="mm")
    return img


def main() -> None:
    """Write the PNG (256 px, for Linux) and the multi-size ICO (for Windows)."""
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(OUT / "board-app.png", optimize=True)
    big.resize((48, 48), Image.LANCZOS).save(OUT / "board-app-48.png", optimize=True)
    big.save(OUT / "board-app.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
