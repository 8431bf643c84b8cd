"""Image import: decode, apply EXIF orientation, normalise colour for print, scale down."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from board_app.domain.items import ItemImage
from board_app.errors import UsageError
from board_app.i18n import _

MAX_SIDE = 2500
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "BMP", "TIFF", "MPO"}
# Refuse decompression bombs outright (Pillow's default only warns below 2x the limit).
MAX_PIXELS = 90_000_000


def normalise_image(data: bytes, *, name: str, caption: str = "") -> ItemImage:
    """Turn uploaded bytes into a print-ready JPEG (or PNG for line art with few colours).

    Raises UsageError naming the file when it cannot be decoded, is not an accepted format,
    or is a decompression bomb.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format or ""
                if fmt not in ACCEPTED_FORMATS:
                    raise UsageError(
                        _(
                            "{name}: image format {fmt} is not supported "
                            "(use JPEG, PNG, WebP, BMP or TIFF)."
                        ).format(name=name, fmt=fmt)
                    )
                if probe.width * probe.height > MAX_PIXELS:
                    raise UsageError(
                        _("{name}: the image is too large ({w}×{h} pixels).").format(
                            name=name, w=probe.width, h=probe.height
                        )
                    )
                probe.load()
                orientation = probe.getexif().get(0x0112, 1)
                img = ImageOps.exif_transpose(probe)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UsageError(
            _("{name}: the image is too large to open safely.").format(name=name)
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UsageError(
            _("{name}: the file cannot be read as an image.").format(name=name)
        ) from exc
    if fmt == "JPEG" and img.mode == "RGB" and orientation == 1 and max(img.size) <= MAX_SIDE:
        # Already print-ready: keep the bytes as they are, so exports round-trip exactly.
        return ItemImage(
            data=data,
            caption=caption,
            media_type="image/jpeg",
            width=img.width,
            height=img.height,
        )
    img = _to_rgb(img)
    if max(img.size) > MAX_SIDE:
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=88, optimize=True)
    return ItemImage(
        data=out.getvalue(),
        caption=caption,
        media_type="image/jpeg",
        width=img.width,
        height=img.height,
    )


def _to_rgb(img: Image.Image) -> Image.Image:
    """CMYK, palette, greyscale+alpha and RGBA images become RGB on a white background."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode != "RGB":
        return img.convert("RGB")
    return img


def load_image_file(path: Path, caption: str = "") -> ItemImage:
    """Read and normalise an image file; a missing file is refused with its name."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(_("{name}: the image file cannot be read.").format(name=path)) from exc
    return normalise_image(data, name=str(path), caption=caption)
