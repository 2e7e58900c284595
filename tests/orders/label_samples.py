"""Sample label data used by the label tests and the benchmark."""

import datetime as dt

from gianhang_desktop.core.labels.layout import LabelData

SHOP = dict(sender_name="HTX Nông sản Phước Thuận", sender_phone="0912 345 678",
            sender_address="Thôn 3, Xã Phước Thuận, Tỉnh Khánh Hòa")


def typical(code: str = "GH-2611-0001", **overrides) -> LabelData:
    fields = dict(
        order_code=code, **SHOP,
        receiver_name="Nguyễn Thị Hương", receiver_phone="0987 654 321",
        receiver_address="Số 12 ngõ 34 đường Nguyễn Trãi, Phường Thanh Xuân, Thành phố Hà Nội",
        cod=350_000, weight_g=1250,
        items=("Xoài cát Hòa Lộc loại 1 × 2", "Mật ong hoa cà phê 500 ml × 1"),
        note="Cho xem hàng, không cho thử", date=dt.date(2026, 11, 26),
    )
    fields.update(overrides)
    return LabelData(**fields)


def very_long(code: str = "SHOPEE-260126ABCDEFGH12") -> LabelData:
    return LabelData(
        order_code=code,
        sender_name="Hợp tác xã Nông nghiệp và Dịch vụ Tổng hợp Phước Thuận Xanh Sạch Bền Vững " * 3,
        sender_phone="+84 912 345 678", sender_address="Thôn Phước Lộc Đông, " * 40,
        receiver_name="Tôn Nữ Nguyễn Thị Hương Giang Thảo Nguyên Bích Ngọc Phương Anh " * 4,
        receiver_phone="0987654321",
        receiver_address="Số 12 ngõ 34 ngách 56 hẻm 78 đường Nguyễn Trãi, Phường Thanh Xuân " * 10
                         + "Supercalifragilisticexpialidocious" * 5,
        cod=1_234_567_000, weight_g=125_500,
        items=tuple(f"Đặc sản vùng miền số {i} loại thượng hạng hộp quà tặng × {i}" for i in range(40)),
        note="Cho xem hàng, không cho thử. Gọi trước khi giao, giao giờ hành chính. " * 8,
        date=dt.date(2026, 1, 5), tracking_url="https://track.example.vn/GH/" + "X" * 120,
    )
