"""The workflow buttons of an item, shown by its status."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from board_app.domain.items import Item, PublicationType, Status
from board_app.i18n import _


class WorkflowBar(QWidget):
    """提交审核, 审核通过, 退回, 发布, 撤下, 修订 and 复制为下一期, each shown when it applies."""

    submit_requested = Signal()
    approve_requested = Signal()
    send_back_requested = Signal()
    publish_requested = Signal()
    withdraw_requested = Signal()
    revise_requested = Signal()
    copy_next_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.submit_button = QPushButton(_("Submit for review"), self)
        self.approve_button = QPushButton(_("Approve…"), self)
        self.send_back_button = QPushButton(_("Send back…"), self)
        self.publish_button = QPushButton(_("Publish…"), self)
        self.withdraw_button = QPushButton(_("Withdraw…"), self)
        self.revise_button = QPushButton(_("Revise"), self)
        self.copy_next_button = QPushButton(_("Copy to next period"), self)
        self.submit_button.setToolTip(_("Draft → awaiting review (saves first)"))
        self.approve_button.setToolTip(_("Record the reviewer, date and opinion"))
        self.send_back_button.setToolTip(_("Back to draft with the reason"))
        self.publish_button.setToolTip(_("Give the disclosure number and the publish date"))
        self.withdraw_button.setToolTip(_("Take the item off the board, with a reason"))
        self.revise_button.setToolTip(_("Make a new draft that replaces this item when published"))
        self.copy_next_button.setToolTip(
            _("A draft for the next period with an empty ledger; the closing balance carries over")
        )
        self._tips = {button: button.toolTip() for button, _signal in self._pairs()}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button, signal in self._pairs():
            layout.addWidget(button)
            button.clicked.connect(signal.emit)
        layout.addStretch(1)
        self.set_item(None, dirty=False)

    def _pairs(self) -> list[tuple[QPushButton, SignalInstance]]:
        return [
            (self.submit_button, self.submit_requested),
            (self.approve_button, self.approve_requested),
            (self.send_back_button, self.send_back_requested),
            (self.publish_button, self.publish_requested),
            (self.withdraw_button, self.withdraw_requested),
            (self.revise_button, self.revise_requested),
            (self.copy_next_button, self.copy_next_requested),
        ]

    def set_item(
        self,
        item: Item | None,
        *,
        dirty: bool,
        valid: bool = True,
        blockers: list[str] | None = None,
    ) -> None:
        """Show the steps possible from the item's status.

        Steps other than submitting wait until unsaved changes are saved (saving a submitted or
        reviewed item returns it to draft).
        """
        status = item.status if item is not None else None
        saved = item is not None and item.id is not None
        self.submit_button.setVisible(status is Status.DRAFT)
        self.submit_button.setEnabled(valid and not blockers)
        self.submit_button.setToolTip(
            _("Not yet: {reasons}").format(reasons="\n".join(blockers))
            if blockers
            else self._tips[self.submit_button]
        )
        self.approve_button.setVisible(saved and status is Status.SUBMITTED)
        self.send_back_button.setVisible(saved and status in (Status.SUBMITTED, Status.REVIEWED))
        self.publish_button.setVisible(saved and status is Status.REVIEWED)
        self.withdraw_button.setVisible(saved and status is Status.PUBLISHED)
        self.revise_button.setVisible(saved and status is Status.PUBLISHED)
        periodic = item is not None and item.publication_type is PublicationType.PERIODIC
        self.copy_next_button.setVisible(saved and periodic and bool(item and item.period))
        for button in (
            self.approve_button,
            self.send_back_button,
            self.publish_button,
            self.copy_next_button,
        ):
            button.setEnabled(not dirty)
            button.setToolTip(
                _("Save or discard the changes first.") if dirty else self._tips[button]
            )
