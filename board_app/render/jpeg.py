"""JPEG pictures embedded as they are (DCTDecode), never decoded and re-compressed."""

from __future__ import annotations

import hashlib
import io


class JpegSource:
    """A JPEG for ``canvas.drawImage`` that reportlab embeds as is (DCTDecode), never decoding
    it: an ``ImageReader`` would decode every image to RGB to name it (3 MB per photo) and
    write it back Flate-compressed, several times larger than the photo."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.digest = hashlib.sha1(data).hexdigest()

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self.data)

    def __str__(self) -> str:
        return f"jpeg-{self.digest}"


def embeddable_jpeg(data: bytes) -> bool:
    """True for a JPEG in RGB or grey that a PDF reader shows as is (reads the header only)."""
    if not data.startswith(b"\xff\xd8"):
        return False
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            return im.format == "JPEG" and im.mode in ("RGB", "L")
    except (OSError, UnidentifiedImageError, ValueError):
        return False
