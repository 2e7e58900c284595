"""Notifications of the other PCs' sales, debts, cash book and purchases become Changes."""

from gianhang_desktop.core.postgres.money_changes import money_changes_from


def test_other_pcs_sales_and_cash_are_heard_and_our_own_are_not():
    heard = money_changes_from(['{"s": "gianhang pc2", "t": "sales", "ids": [3, 4]}',
                                '{"s": "gianhang pc2", "t": "customer_debts", "ids": [9]}',
                                '{"s": "gianhang pc2", "t": "cash_entries", "ids": [1]}',
                                '{"s": "gianhang me", "t": "purchases", "ids": [5]}',
                                '{"s": "gianhang pc2", "t": "products", "ids": [5]}', "not json"],
                               own_name="gianhang me")
    assert (heard.sales, heard.customers, heard.cashbook, heard.purchases) == ({3, 4}, {9}, True, False)
    assert not heard.products and not heard.reset
    assert money_changes_from(['{"s": "x", "t": "sales", "ids": null}'], own_name="me").reset
