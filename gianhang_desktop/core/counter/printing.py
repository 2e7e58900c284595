"""A sale's receipt from the database to a file: PDF (80 mm, 58 mm, A5) or raw ESC/POS bytes."""

from __future__ import annotations

from pathlib import Path

from ..database import Database
from ..disk import write_atomically
from ..errors import GianHangError
from ..payments.banks import bank_by_bin
from ..payments.service import transfer_qr
from ..shop import get_shop
from .escpos import render_escpos
from .receipt import Receipt, build_receipt, check_paper
from .receipt_pdf import receipt_pdf_bytes
from .service import get_sale

RAW_SUFFIXES = (".bin", ".prn", ".escpos")


def sale_receipt(db: Database, code: str) -> Receipt:
    """The receipt of sale `code`; with the shop's VietQR for what is still due on it (an awaited
    transfer or unpaid credit), when the shop has a bank account. Raises NotFound."""
    sale = get_sale(db, code)
    shop = get_shop(db)
    payload, amount, label = None, 0, ""
    due = sale.paid_transfer if sale.status == "awaiting_payment" else sale.debt_outstanding
    if due and shop.bank_account:
        try:
            qr = transfer_qr(db, sale.code)
        except GianHangError:
            qr = None
        if qr is not None:
            bank = bank_by_bin(qr.account.bin)
            payload, amount = qr.payload, qr.amount
            label = " ".join(part for part in ((bank.short_name if bank else qr.account.bin), qr.account.account,
                                               qr.account.holder) if part)
    return build_receipt(sale, shop, payload, amount, label)


def write_receipt(db: Database, code: str, out: str | Path, paper: str = "80", *, open_drawer: bool = False) -> Path:
    """Write the receipt of sale `code` to `out`: raw ESC/POS for a .bin/.prn/.escpos file (80 or
    58 mm rolls), a PDF otherwise.

    Raises:
        NotFound: no sale `code`.
        ValidationError("width"): a paper the format cannot print on.
        DiskFull, ReadOnlyFolder: `out` cannot be written.
    """
    paper = check_paper(paper)
    receipt = sale_receipt(db, code)
    out = Path(out)
    if out.suffix.lower() in RAW_SUFFIXES:
        if paper == "a5":
            from ..errors import ValidationError
            from ..i18n import msg

            raise ValidationError("width", msg("Máy in ESC/POS chỉ in khổ cuộn 80 hoặc 58 mm",
                                               "ESC/POS printers print 80 or 58 mm rolls only"))
        return write_atomically(out, render_escpos(receipt, paper, open_drawer=open_drawer))
    return write_atomically(out, receipt_pdf_bytes(receipt, paper))
