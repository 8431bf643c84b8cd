"""Work around a reference-count defect of PySide6 6.12 on Python 3.10/3.11.

In PySide6 6.12.0 every Qt method that returns ``void`` (``setText``, ``setEnabled``,
``QTreeWidgetItem.setToolTip`` ...) releases one reference to ``None`` that it never took.
Python 3.12 and later make ``None`` immortal, so nothing happens there; on 3.10 and 3.11 the
count of ``None`` falls with every call and, after some tens of thousands of calls, the
interpreter aborts with "none_dealloc: deallocating None" (seen building the disclosure
calendar of a 100,000-item database, and in a long working session).

The workaround gives ``None`` a reference count far beyond what a session can spend, as
Python 3.12 does. It touches only the count of the ``None`` singleton, once, at start-up.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 48


def make_none_immortal() -> bool:
    """Raise None's reference count out of reach on Python < 3.12; True if it did so."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < _RESERVE:
        refcount.value += _RESERVE
    return True
