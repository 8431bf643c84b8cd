"""Poster text roles over the application's font chains (``board_app.render.fonts``).

Roles: "title" (bold title face), "heading" (bold sans), "body" (regular sans). Every string is
measured and drawn with per-character fallback, so rare characters in names come from the
fallback faces; all faces are embedded, subset TrueType.
"""

from __future__ import annotations

from board_app.layout import poster_model
from board_app.render import fonts

ROLE_MAP = {"title": "title", "heading": "sans_bold", "body": "sans"}


def chain_role(role: str) -> str:
    """The font-chain role of a poster role."""
    return ROLE_MAP.get(role, "sans")


def initial_font() -> str:
    """The registered body face, used as the canvas's initial font instead of Helvetica."""
    return fonts.register_role("sans")


def em_function(role: str):  # -> Callable[[str], float]
    """A ``text -> width at 1 pt`` function of a poster role, cached per string on the
    role's current font chain (see :func:`measure_role`)."""
    chain = fonts.chain(chain_role(role))
    cache = chain.__dict__.get("_poster_em")
    if cache is None:
        cache = chain.__dict__["_poster_em"] = {}
    width = chain.width

    def em(text: str) -> float:
        v = cache.get(text)
        if v is None:
            v = cache[text] = width(text, 1.0)
        return v

    return em


def measure_role(text: str, role: str, size: float) -> float:
    """Width of ``text`` in points.

    Widths are linear in the size, so each string's width at 1 pt is cached on its font
    chain (a new chain after the fonts change starts a new cache): the composer measures the
    same words at many trial sizes."""
    chain = fonts.chain(chain_role(role))
    cache = chain.__dict__.get("_poster_em")
    if cache is None:
        cache = chain.__dict__["_poster_em"] = {}
    em = cache.get(text)
    if em is None:
        em = cache[text] = chain.width(text, 1.0)
    return em * size


def draw_text(canvas, x: float, y: float, text: str, role: str, size: float) -> None:
    """Draw ``text`` with its baseline at (x, y) in PDF coordinates, font run by font run."""
    obj = canvas.beginText(x, y)
    for name, run in fonts.runs(text, chain_role(role)):
        obj.setFont(name, size)
        obj.textOut(run)
    canvas.drawText(obj)


def missing_characters(text: str, role: str) -> set[str]:
    """Characters of ``text`` no face of the role can draw (whitespace ignored)."""
    return {ch for ch in fonts.missing_characters(text, chain_role(role)) if not ch.isspace()}


poster_model.set_em_function(em_function)  # the layout measures text with these fonts
