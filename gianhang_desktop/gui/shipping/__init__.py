"""The window's shipping: “Gửi vận chuyển”, COD reconciliation, carrier accounts."""
