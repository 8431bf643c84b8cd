"""The item editor (公开事项编辑) and its parts: period picker, ledger, images, workflow,
history."""

from __future__ import annotations

from board_app.ui.editor.item_editor import ItemEditor

__all__ = ["ItemEditor"]
