"""Dialogs of the "Kênh bán" page: connecting a marketplace with the cooperative's own app (a
walk-through, the platform's link with a 127.0.0.1 return address or a pasted code), and a link
made by hand."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.channels import authorize
from ...core.channels.registry import MARKETPLACES, connector_class
from ..tasks import TaskRunner, error_text

# What each platform calls the app the cooperative registers, and where (shown in the walk-through).
GUIDES = {
    "shopee": ("Shopee Open Platform", "https://open.shopee.com", "ứng dụng bán hàng nội bộ (Seller In-house System)",
               "Partner ID", "Partner Key"),
    "lazada": ("Lazada Open Platform", "https://open.lazada.com", "ứng dụng nội bộ của người bán (Seller In-house App)",
               "App Key", "App Secret"),
    "tiktok": ("TikTok Shop Partner Center", "https://partner.tiktokshop.com", "ứng dụng tùy chỉnh (Custom App)",
               "App Key", "App Secret"),
    "tiki": ("Tiki Open API", "https://open.tiki.vn", "ứng dụng của người bán (Seller App)", "Client ID",
             "Client Secret"),
}
LABELS = {"partner_id": "Partner ID", "partner_key": "Partner Key", "app_key": "App Key", "app_secret": "App Secret",
          "client_id": "Client ID", "client_secret": "Client Secret"}
SECRET_FIELDS = {"partner_key", "app_secret", "client_secret"}


class ConnectDialog(QDialog):
    """Connect a marketplace shop, or sign an account in again (``relogin`` = its AccountApp).

    1. Register your own app on the platform's developer site and copy its key and secret here.
    2. Register the return address shown (http://127.0.0.1:PORT/callback) for that app.
    3. "Mở trang cấp quyền": the platform's page opens in the browser; approve, and the browser
       comes back here. Without a browser on this PC, paste the address (or code) it showed.
    """

    def __init__(self, tasks: TaskRunner, db, parent: QWidget | None = None, relogin=None) -> None:
        super().__init__(parent)
        self.tasks, self.db, self.relogin = tasks, db, relogin
        self.receiver: authorize.LoopbackReceiver | None = None
        self.result_view = None
        self.setWindowTitle(self.tr("Đăng nhập lại kênh") if relogin else self.tr("Thêm kênh bán"))
        self.platform = QComboBox()
        for platform in MARKETPLACES:
            self.platform.addItem(GUIDES[platform][0], platform.value)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("vd. Shopee HTX Chè Tân Cương"))
        self.fields: dict[str, QLineEdit] = {}
        self.form = QFormLayout()
        self.guide = QLabel()
        self.guide.setWordWrap(True)
        self.guide.setOpenExternalLinks(True)
        self.redirect = QLineEdit(authorize.redirect_uri())
        self.redirect.setReadOnly(True)
        copy = QPushButton(self.tr("Chép"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.redirect.text()))
        redirect_row = QHBoxLayout()
        redirect_row.addWidget(self.redirect, 1)
        redirect_row.addWidget(copy)
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText(self.tr("để trống: địa chỉ chính thức của sàn"))
        self.open_button = QPushButton(self.tr("Mở trang cấp quyền của sàn"))
        self.open_button.clicked.connect(self.open_link)
        self.pasted = QLineEdit()
        self.pasted.setPlaceholderText(self.tr("…hoặc dán địa chỉ trả về (có code=…) hoặc mã cấp quyền"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.finish_button = self.buttons.addButton(self.tr("Hoàn tất"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.finish_button.clicked.connect(self.finish)
        self.buttons.rejected.connect(self.reject)

        top = QFormLayout()
        top.addRow(self.tr("Sàn"), self.platform)
        top.addRow(self.tr("Tên kênh"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.guide)
        layout.addLayout(self.form)
        ret = QFormLayout()
        ret.addRow(self.tr("Địa chỉ trả về (đăng ký cho ứng dụng)"), redirect_row)
        ret.addRow(self.tr("Địa chỉ khác (thử nghiệm)"), self.base_url)
        layout.addLayout(ret)
        layout.addWidget(self.open_button)
        layout.addWidget(self.pasted)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.platform.currentIndexChanged.connect(self._platform_changed)
        if relogin is not None:
            self.platform.setCurrentIndex(max(0, self.platform.findData(relogin.platform)))
            self.platform.setEnabled(False)
            self.name.setText(relogin.name)
            self.name.setReadOnly(True)
            self.base_url.setText(relogin.base_url or "")
        self._platform_changed()
        if relogin is not None:
            for key, edit in self.fields.items():
                edit.setText(relogin.app.get(key, ""))

    @classmethod
    def ask(cls, tasks: TaskRunner, db, parent: QWidget | None = None, relogin=None):
        """Show the dialog; the account as added (or signed in again), or None when cancelled."""
        dialog = cls(tasks, db, parent, relogin=relogin)
        dialog.exec()
        return dialog.result_view

    # -- the walk-through ------------------------------------------------------------------------

    def _platform_changed(self) -> None:
        platform = self.platform.currentData()
        site, url, kind, key_label, secret_label = GUIDES[platform]
        self.guide.setText(self.tr(
            "<b>Dùng ứng dụng của chính hợp tác xã</b> (ứng dụng không chứa khoá bí mật nào):<br>"
            "1. Đăng ký tài khoản nhà phát triển trên <a href='{url}'>{site}</a> bằng tài khoản người bán, "
            "tạo {kind}.<br>2. Chép {key} và {secret} của ứng dụng vào ô bên dưới.<br>"
            "3. Đăng ký địa chỉ trả về bên dưới cho ứng dụng.<br>"
            "4. Bấm «Mở trang cấp quyền», đăng nhập cửa hàng và đồng ý; trình duyệt sẽ quay về ứng dụng. "
            "Nếu trình duyệt ở máy khác, dán địa chỉ nó hiện ra vào ô cuối.").format(
                url=url, site=site, kind=kind, key=key_label, secret=secret_label))
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        for key in connector_class(platform).app_fields:
            if key in authorize.AFTER_AUTHORISATION:
                continue
            edit = QLineEdit()
            if key in SECRET_FIELDS:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.fields[key] = edit
            self.form.addRow(LABELS.get(key, key), edit)

    def app(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.fields.items()}

    def _close_receiver(self) -> None:
        if self.receiver is not None:
            self.receiver.close()
            self.receiver = None

    def open_link(self) -> None:
        """Start the loopback receiver and open the platform's page in the browser."""
        self._close_receiver()
        try:
            self.receiver = authorize.LoopbackReceiver(port=authorize.DEFAULT_PORT)
        except OSError:  # the port is taken: the owner pastes the code instead
            self.status.setText(self.tr("Cổng {port} đang bận: hãy dán địa chỉ trả về vào ô bên dưới.").format(
                port=authorize.DEFAULT_PORT))
            self.receiver = None
        state = self.receiver.state if self.receiver else authorize.new_state()
        platform, app, base = self.platform.currentData(), self.app(), self.base_url.text().strip() or None
        shop = self.relogin.shop_id if self.relogin else None
        job = self.tasks.read(lambda _p, _c: authorize.authorization_link(
            platform, app, self.redirect.text(), state, shop_id=shop, base_url=base), parent=self)
        job.succeeded.connect(self._link_ready)
        job.failed.connect(lambda error: self.status.setText(error_text(error)))

    def _link_ready(self, link: str) -> None:
        QDesktopServices.openUrl(QUrl(link))
        self.status.setText(self.tr("Đã mở trang của sàn. Sau khi đồng ý, bấm «Hoàn tất»."))
        if self.receiver is not None:
            receiver = self.receiver
            job = self.tasks.read(lambda _p, cancel: receiver.wait(600, cancel), parent=self)
            job.succeeded.connect(self._callback_received)

    def _callback_received(self, params) -> None:
        if params:
            self.pasted.setText("&".join(f"{k}={v}" for k, v in params.items()))
            self.status.setText(self.tr("Đã nhận mã cấp quyền từ sàn."))
            self.finish()

    def finish(self) -> None:
        """Exchange the code and add (or sign in again) the account, on the sync lane."""
        platform, app, name = self.platform.currentData(), self.app(), self.name.text()
        base = self.base_url.text().strip() or None
        text, redirect, relogin = self.pasted.text(), self.redirect.text(), self.relogin

        def work(_progress, _cancel):
            callback = authorize.parse_callback(text)
            auth = authorize.exchange(platform, app, callback, redirect,
                                      shop_id=relogin.shop_id if relogin else None, base_url=base)
            if relogin is not None:
                return authorize.relogin(self.db, relogin.name, auth)
            return authorize.add_authorized(self.db, platform, name, app, auth, base_url=base)

        self.finish_button.setEnabled(False)
        job = self.tasks.sync(work, parent=self, label=self.tr("Đang kết nối với sàn…"))
        job.succeeded.connect(self._done)
        job.failed.connect(self._failed)

    def _done(self, changed) -> None:
        self.result_view = changed.value
        self._close_receiver()
        self.accept()

    def _failed(self, error) -> None:
        self.finish_button.setEnabled(True)
        self.status.setText(error_text(error))

    def reject(self) -> None:
        self._close_receiver()
        super().reject()


class ManualLinkDialog(QDialog):
    """Link one local SKU to a channel unit by hand (item id and, for an item with variations, its variation)."""

    def __init__(self, unit: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Liên kết bằng tay"))
        self.sku = QLineEdit()
        self.item = QLineEdit((unit or {}).get("item_id") or "")
        self.variation = QLineEdit((unit or {}).get("variation_id") or "")
        form = QFormLayout(self)
        if unit:
            form.addRow(QLabel(self.tr("Trên sàn: {name} (SKU sàn: {sku})").format(
                name=unit.get("name", ""), sku=unit.get("seller_sku") or "—")))
        form.addRow(self.tr("SKU của hợp tác xã"), self.sku)
        form.addRow(self.tr("Mã sản phẩm trên sàn"), self.item)
        form.addRow(self.tr("Mã phân loại (nếu có)"), self.variation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(cls, unit: dict | None = None, parent: QWidget | None = None) -> tuple[str, str, str | None] | None:
        dialog = cls(unit, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.sku.text().strip(), dialog.item.text().strip(), dialog.variation.text().strip() or None
