"""Bar charts of a report (pyqtgraph, imported only when the reports page opens: docs/reports.md).

`chart_data` picks from each report what is worth a picture; `BarChart` draws it, money in
"1,2 tr" style on the axis and the labels along the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.reports.end_of_day import EndOfDay
from ...core.reports.profit import PERIODS, ProfitReport
from ...core.reports.stock_flow import StockFlow
from ...core.reports.stock_health import ExpiringReport, StockHealth

COLOURS = ("#2e7d5b", "#e0a030", "#4a78b5")
MAX_BARS = 12


@dataclass(frozen=True)
class ChartData:
    """Labels along the bottom and one or more series of values (đồng) over them."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]


def chart_data(report) -> ChartData | None:
    """What to draw for a report, or None when there is nothing to show."""
    if isinstance(report, EndOfDay):
        rows = [c for c in report.by_channel if c["revenue"] or c["value"]]
        return ChartData(QCoreApplication.translate("ReportCharts", "Doanh thu theo kênh bán"), tuple(c["label"] for c in rows), (
            (QCoreApplication.translate("ReportCharts", "Doanh thu"), tuple(c["revenue"] for c in rows)),
            (QCoreApplication.translate("ReportCharts", "Lợi nhuận gộp"), tuple(c["gross_profit"] for c in rows)))) if rows else None
    if isinstance(report, ProfitReport):
        rows = list(report.rows) if report.by in PERIODS else list(report.rows)[:MAX_BARS]
        if not rows:
            return None
        return ChartData(QCoreApplication.translate("ReportCharts", "Doanh thu và lợi nhuận gộp"), tuple(r.label or r.key for r in rows), (
            (QCoreApplication.translate("ReportCharts", "Doanh thu"), tuple(r.revenue for r in rows)), (QCoreApplication.translate("ReportCharts", "Lợi nhuận gộp"), tuple(r.profit for r in rows))))
    if isinstance(report, StockFlow):
        rows = sorted(report.rows, key=lambda r: -r.closing_value)[:MAX_BARS]
        return ChartData(QCoreApplication.translate("ReportCharts", "Giá trị tồn cuối kỳ (giá vốn)"), tuple(r.sku for r in rows), (
            (QCoreApplication.translate("ReportCharts", "Nhập"), tuple(r.in_value for r in rows)), (QCoreApplication.translate("ReportCharts", "Xuất"), tuple(r.out_value for r in rows)),
            (QCoreApplication.translate("ReportCharts", "Tồn cuối"), tuple(r.closing_value for r in rows)))) if rows else None
    if isinstance(report, StockHealth | ExpiringReport):
        lots = report.expiring if isinstance(report, StockHealth) else report.lots
        by_status: dict[str, int] = {}
        for lot in lots:
            by_status[lot.status] = by_status.get(lot.status, 0) + lot.value
        names = {"expired": QCoreApplication.translate("ReportCharts", "Đã hết hạn"), "stop_selling": QCoreApplication.translate("ReportCharts", "Ngừng bán"), "sellable": QCoreApplication.translate("ReportCharts", "Sắp hết hạn")}
        keys = [k for k in ("expired", "stop_selling", "sellable") if by_status.get(k)]
        return ChartData(QCoreApplication.translate("ReportCharts", "Giá trị hàng theo hạn dùng (giá vốn)"), tuple(names[k] for k in keys),
                         ((QCoreApplication.translate("ReportCharts", "Giá trị"), tuple(by_status[k] for k in keys)),)) if keys else None
    return None


def short_money(value: float) -> str:
    """1.250.000 → "1,3 tr"; 12.000 → "12 k"; for the axis."""
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:.1f} tỷ".replace(".", ",")
    if size >= 1e6:
        return f"{value / 1e6:.1f} tr".replace(".", ",")
    if size >= 1e3:
        return f"{value / 1e3:.0f} k"
    return f"{value:.0f}"


class _MoneyAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [short_money(v) for v in values]


class BarChart(QWidget):
    """Grouped bars with a legend; `show_data(ChartData | None)`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget(background="w", axisItems={"left": _MoneyAxis("left")})
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.2)
        self.legend = self.plot.addLegend(offset=(-10, 10))
        layout.addWidget(self.plot)
        self.data: ChartData | None = None

    def show_data(self, data: ChartData | None) -> None:
        self.data = data
        self.plot.clear()
        self.legend.clear()
        if data is None or not data.labels:
            self.plot.setTitle(QCoreApplication.translate("ReportCharts", "Chưa có số liệu để vẽ"), color="#667")
            return
        self.plot.setTitle(data.title, color="#223")
        count = len(data.series)
        width = 0.8 / count
        for i, (name, values) in enumerate(data.series):
            xs = [x - 0.4 + width * (i + 0.5) for x in range(len(values))]
            bars = pg.BarGraphItem(x=xs, height=list(values), width=width * 0.9, brush=COLOURS[i % len(COLOURS)],
                                   pen=None, name=name)
            self.plot.addItem(bars)
        labels = [(x, label if len(label) <= 14 else label[:13] + "…") for x, label in enumerate(data.labels)]
        self.plot.getAxis("bottom").setTicks([labels])
        self.plot.setXRange(-0.6, len(data.labels) - 0.4, padding=0)
