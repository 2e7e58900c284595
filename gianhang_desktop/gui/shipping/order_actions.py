"""Shipping on the orders page: “Gửi vận chuyển…” for the selected orders, “Đối soát COD…”, the
waybill and its status in the order's detail, “Đã nhận lại hàng hoàn”, and the background poll."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from gianhang_desktop.core.shipping import tracking, views
from gianhang_desktop.core.shipping.accounts import list_accounts
from gianhang_desktop.core.shipping.model import ShipmentStatus

POLL_EVERY_MS = 10 * 60 * 1000  # carriers update a parcel a few times a day; every 10 minutes is plenty
FIRST_POLL_MS = 30 * 1000


class ShippingActions(QObject):
    """What the orders page offers about couriers; the page only places the buttons."""

    polled = Signal(object)
    """A background poll finished (its PollReport)."""

    def __init__(self, page: QWidget, db, tasks, *, poll: bool = True) -> None:
        super().__init__(page)
        self._page, self._db, self._tasks = page, db, tasks
        self.ship_button = QPushButton(self.tr("Gửi vận chuyển…"))
        self.ship_button.setObjectName("ship_orders")
        self.ship_button.clicked.connect(self.ship_selected)
        self.cod_button = QPushButton(self.tr("Đối soát COD…"))
        self.cod_button.clicked.connect(self.open_cod)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll_now)
        self._polling = False
        if poll:
            QTimer.singleShot(FIRST_POLL_MS, self.poll_now)
            self.timer.start(POLL_EVERY_MS)

    def buttons(self) -> list[QPushButton]:
        return [self.ship_button, self.cod_button]

    def ship_selected(self) -> None:
        from .ship_dialog import ShipDialog

        codes = self._page.selected_codes()
        if not codes:
            self._page.show_error(self.tr("Hãy chọn ít nhất một đơn hàng"))
            return
        dialog = ShipDialog(self._db, self._tasks, codes, self._page)
        self.open_dialog(dialog)

    def open_cod(self) -> None:
        from .cod_dialog import CodDialog

        self.open_dialog(CodDialog(self._db, self._tasks, self._page))

    def open_dialog(self, dialog) -> None:
        """Show a dialog (modeless, so the window stays usable); tests replace this."""
        dialog.setModal(False)
        dialog.show()

    def poll_now(self) -> None:
        """Ask the carriers about the open waybills, on the sync lane (the orders it moves are announced)."""
        if self._polling:
            return
        db = self._db

        def work(progress, cancel):
            if not list_accounts(db):
                return None
            return tracking.poll(db, progress=progress, cancel=cancel)

        self._polling = True
        job = self._tasks.sync(work, parent=self, name="shipping poll")
        job.succeeded.connect(self.polled.emit)
        job.failed.connect(lambda _error: None)  # a carrier out of reach: the next poll tries again
        job.ended.connect(lambda: setattr(self, "_polling", False))

    def describe(self, code: str, done) -> None:
        """Read the order's waybill and call ``done(html, returned)`` on the GUI thread."""
        db = self._db
        job = self._tasks.read(lambda _p, _c: views.shipment_of(db, code), parent=self)
        job.succeeded.connect(lambda shipment: done(*shipment_html(shipment)))

    def receive_return(self, code: str) -> None:
        db = self._db
        job = self._tasks.write(lambda _p, _c: tracking.receive_return(db, code), parent=self._page)
        job.failed.connect(lambda error: self._page.show_error(getattr(error, "message", lambda: str(error))()))


def shipment_html(shipment) -> tuple[str, bool]:
    """The waybill block of the order detail, and whether a returned parcel waits to be received."""
    if shipment is None:
        return "", False
    e = html.escape
    lines = [f"<b>{e(shipment.carrier)}</b> · {e(shipment.tracking_code or '…')} · {e(shipment.status_label)}"]
    said = list(dict.fromkeys(p for p in (shipment.detail, shipment.carrier_status) if p))  # the carrier's words, once
    if said:
        lines.append(e(" · ".join(said)))
    if shipment.error:
        lines.append(f"<span style='color:#b00020'>{e(shipment.error)}</span>")
    returned = shipment.status in (ShipmentStatus.RETURNED.value, ShipmentStatus.RETURNING.value)
    title = QCoreApplication.translate("ShippingActions", "Vận chuyển:")
    return f"<p>{e(title)} " + "<br>".join(lines) + "</p>", returned
