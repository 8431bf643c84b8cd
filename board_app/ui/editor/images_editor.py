"""Images of an item: thumbnails with captions; add by file dialog or drag and drop, reorder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_app.domain.items import ItemImage
from board_app.errors import UsageError
from board_app.i18n import _
from board_app.services.images import load_image_file

THUMBNAIL = QSize(150, 110)
_IMAGE_ROLE = Qt.ItemDataRole.UserRole + 1
IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff"


def thumbnail(image: ItemImage, size: QSize = THUMBNAIL) -> QPixmap:
    """A scaled pixmap of an image's bytes (a grey box when it cannot be decoded)."""
    qimage = QImage.fromData(image.data)
    if qimage.isNull():
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.lightGray)
        return pixmap
    return QPixmap.fromImage(
        qimage.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    )


class _ImageList(QListWidget):
    """Icon-mode list that takes dropped files and moves its own items."""

    files_dropped = Signal(list)
    order_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMBNAIL)
        self.setGridSize(QSize(THUMBNAIL.width() + 24, THUMBNAIL.height() + 48))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setWordWrap(True)
        self.setSpacing(4)
        self.setAcceptDrops(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setFixedHeight(THUMBNAIL.height() + 66)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and event.source() is None:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls() and event.source() is None:
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasUrls() and event.source() is None:
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.files_dropped.emit(paths)
            return
        if event.source() is self:
            # Reorder by hand: moving QListWidgetItems keeps their data and icons.
            target = self.indexAt(event.position().toPoint())
            source_row = self.currentRow()
            dest = target.row() if target.isValid() else self.count() - 1
            event.setDropAction(Qt.DropAction.IgnoreAction)
            event.accept()
            if source_row >= 0 and dest != source_row:
                item = self.takeItem(source_row)
                self.insertItem(dest, item)
                self.setCurrentItem(item)
                self.order_changed.emit()
            return
        super().dropEvent(event)


class ImagesEditor(QWidget):
    """Thumbnails with captions; buttons to add, move and remove; error line for refused files."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = _ImageList(self)
        self.caption = QLineEdit(self)
        self.caption.setPlaceholderText(_("Caption of the selected image"))
        self.add_button = QPushButton(_("Add images…"), self)
        self.up_button = QPushButton(_("Move up"), self)
        self.down_button = QPushButton(_("Move down"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.hint = QLabel(_("Drop image files here, or use “Add images…”."), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        self.message_label.hide()

        buttons = QGridLayout()  # two rows: the editor beside the item list is narrow
        buttons.addWidget(self.add_button, 0, 0, 1, 2)
        buttons.addWidget(self.remove_button, 0, 2)
        buttons.addWidget(self.up_button, 1, 0)
        buttons.addWidget(self.down_button, 1, 1)
        buttons.setColumnStretch(3, 1)
        caption_row = QHBoxLayout()
        caption_row.addWidget(QLabel(_("Caption:"), self))
        caption_row.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(caption_row)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addWidget(self.message_label)

        self.add_button.clicked.connect(self.choose_files)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        self.caption.textEdited.connect(self._caption_edited)
        self.list.currentRowChanged.connect(self._selection_changed)
        self.list.itemChanged.connect(self._item_changed)
        self.list.files_dropped.connect(self.add_files)
        self.list.order_changed.connect(self.changed)
        self._read_only = False
        self._selection_changed()

    # ----- API ------------------------------------------------------------------------------------
    def set_images(self, images: list[ItemImage]) -> None:
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for image in images:
            self._append(image)
        self.list.blockSignals(blocked)
        self.message_label.hide()
        self._selection_changed()

    def images(self) -> list[ItemImage]:
        """The images in their order, with the captions as edited."""
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            image: ItemImage = item.data(_IMAGE_ROLE)
            out.append(
                ItemImage(
                    data=image.data,
                    caption=item.text().strip(),
                    media_type=image.media_type,
                    width=image.width,
                    height=image.height,
                    id=image.id,
                )
            )
        return out

    def snapshot(self) -> list[tuple[int, str]]:
        """Identity of the images and their captions (for change tracking)."""
        return [
            (id(self.list.item(r).data(_IMAGE_ROLE).data), self.list.item(r).text())
            for r in range(self.list.count())
        ]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.list.setAcceptDrops(not read_only)
        self.list.setDragEnabled(not read_only)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.add_button.setEnabled(not read_only)
        self.hint.setVisible(not read_only)
        self._selection_changed()

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Add images"), "", _("Images ({patterns})").format(patterns=IMAGE_FILTER)
        )
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> list[str]:
        """Add image files; returns the messages of refused files (also shown below the list)."""
        if self._read_only:
            return []
        refused = []
        added = 0
        for path in paths:
            try:
                image = load_image_file(Path(path), caption=Path(path).stem)
            except UsageError as exc:
                refused.append(str(exc))
                continue
            self._append(image)
            added += 1
        if added:
            self.list.setCurrentRow(self.list.count() - 1)
            self.changed.emit()
        self.message_label.setText("\n".join(refused))
        self.message_label.setVisible(bool(refused))
        return refused

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        dest = row + step
        if row < 0 or not 0 <= dest < self.list.count():
            return
        blocked = self.list.blockSignals(True)
        item = self.list.takeItem(row)
        self.list.insertItem(dest, item)
        self.list.blockSignals(blocked)
        self.list.setCurrentRow(dest)
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self._selection_changed()
        self.changed.emit()

    def set_caption(self, row: int, caption: str) -> None:
        self.list.item(row).setText(caption)

    # ----- internals ------------------------------------------------------------------------------
    def _append(self, image: ItemImage) -> None:
        item = QListWidgetItem(QIcon(thumbnail(image)), image.caption)
        item.setData(_IMAGE_ROLE, image)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(_("{width}×{height} pixels").format(width=image.width, height=image.height))
        self.list.addItem(item)

    def _selection_changed(self, *_args: object) -> None:
        row = self.list.currentRow()
        has = row >= 0
        editable = has and not self._read_only
        self.caption.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and row < self.list.count() - 1)
        self.caption.setText(self.list.item(row).text() if has else "")

    def _caption_edited(self, text: str) -> None:
        item = self.list.currentItem()
        if item is not None and item.text() != text:
            item.setText(text)

    def _item_changed(self, item: QListWidgetItem) -> None:
        if item is self.list.currentItem() and self.caption.text() != item.text():
            self.caption.setText(item.text())
        self.changed.emit()
