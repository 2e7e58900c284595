"""Shipping-label PDFs the simulators hand out: one A6 page per parcel, text that pdftotext reads."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

A6 = (105 * mm, 148 * mm)


def label_pdf(platform: str, parcels: list[tuple[str, str]]) -> bytes:
    """A PDF with one page per (order id, tracking number), as a platform's label download."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A6)
    for order_id, tracking in parcels:
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(8 * mm, 135 * mm, f"{platform} AWB")
        pdf.setFont("Helvetica", 11)
        pdf.drawString(8 * mm, 120 * mm, f"ORDER {order_id}")
        pdf.drawString(8 * mm, 110 * mm, f"TRACKING {tracking}")
        pdf.rect(4 * mm, 4 * mm, 97 * mm, 140 * mm)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
