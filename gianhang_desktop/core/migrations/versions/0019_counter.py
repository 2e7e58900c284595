"""counter: counter sales and returns, customers and their debts, suppliers and purchase receipts,
the cash book, stock at cost; the shop's bank account for VietQR

Existing ledger lines are valued at their product's catalogue cost (giá vốn; 0 when none), so
stock in-out-balance reports cover the past too. The shop_profile and stock_movements columns are
plain ADD COLUMNs (no table rebuild). On PostgreSQL the new tables the window shows tell the other
PCs when they change (the trigger function of 0018_multipc_notify).

Revision ID: 0019_counter
Revises: 0018_multipc_notify
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import gianhang_desktop.core.db.base

revision: str = "0019_counter"
down_revision: str | Sequence[str] | None = "0018_multipc_notify"
branch_labels: str | Sequence[str] | None = ("counter",)
depends_on: str | Sequence[str] | None = None

UtcDateTime = gianhang_desktop.core.db.base.UtcDateTime
NEW_TABLES = ("customers", "suppliers", "cash_entries", "purchases", "sales", "stock_costs", "customer_debts",
              "purchase_lines", "sale_lines", "sale_returns", "sale_line_lots", "sale_return_lines")
# table -> the column naming what changed ('' for none), as in 0018_multipc_notify
NOTIFIED = {"customers": "id", "sales": "id", "sale_returns": "sale_id", "customer_debts": "customer_id",
            "cash_entries": "", "purchases": "", "suppliers": ""}


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("debt", sa.BigInteger(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("phone", name=op.f("uq_customers_phone"))
    )
    op.create_index("ix_customers_debt", "customers", ["debt"], unique=False)
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("tax_code", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("debt", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
        sa.UniqueConstraint("name_key", name=op.f("uq_suppliers_name_key"))
    )
    op.create_table(
        "cash_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("fund", sa.String(length=4), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.CheckConstraint("direction IN ('in', 'out')", name=op.f("ck_cash_entries_direction_known")),
        sa.CheckConstraint("fund IN ('cash', 'bank')", name=op.f("ck_cash_entries_fund_known")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_cash_entries_amount_positive")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_cash_entries_customer_id_customers"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"], name=op.f("fk_cash_entries_supplier_id_suppliers"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_entries")),
        sa.UniqueConstraint("code", name=op.f("uq_cash_entries_code"))
    )
    op.create_index(op.f("ix_cash_entries_customer_id"), "cash_entries", ["customer_id"], unique=False)
    op.create_index("ix_cash_entries_local_day_id", "cash_entries", ["local_day", "id"], unique=False)
    op.create_index(op.f("ix_cash_entries_reference"), "cash_entries", ["reference"], unique=False)
    op.create_index(op.f("ix_cash_entries_supplier_id"), "cash_entries", ["supplier_id"], unique=False)
    op.create_table(
        "purchases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.CheckConstraint("paid >= 0 AND paid <= total", name=op.f("ck_purchases_paid_within_total")),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"], name=op.f("fk_purchases_supplier_id_suppliers"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouses.id"], name=op.f("fk_purchases_warehouse_id_warehouses"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchases")),
        sa.UniqueConstraint("code", name=op.f("uq_purchases_code"))
    )
    op.create_index("ix_purchases_local_day_id", "purchases", ["local_day", "id"], unique=False)
    op.create_index(op.f("ix_purchases_supplier_id"), "purchases", ["supplier_id"], unique=False)
    op.create_table(
        "sales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("customer_phone", sa.String(length=20), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("cash_tendered", sa.BigInteger(), nullable=False),
        sa.Column("change_due", sa.BigInteger(), nullable=False),
        sa.Column("paid_cash", sa.BigInteger(), nullable=False),
        sa.Column("paid_transfer", sa.BigInteger(), nullable=False),
        sa.Column("debt", sa.BigInteger(), nullable=False),
        sa.Column("cogs", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.CheckConstraint("status IN ('completed', 'awaiting_payment', 'cancelled')", name=op.f("ck_sales_status_known")),
        sa.CheckConstraint("discount >= 0 AND discount <= subtotal", name=op.f("ck_sales_discount_within_subtotal")),
        sa.CheckConstraint("paid_cash >= 0 AND paid_transfer >= 0 AND debt >= 0 AND change_due >= 0", name=op.f("ck_sales_payments_not_negative")),
        sa.CheckConstraint("total = subtotal - discount", name=op.f("ck_sales_total_after_discount")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_sales_customer_id_customers"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouses.id"], name=op.f("fk_sales_warehouse_id_warehouses"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales")),
        sa.UniqueConstraint("code", name=op.f("uq_sales_code"))
    )
    op.create_index(op.f("ix_sales_customer_id"), "sales", ["customer_id"], unique=False)
    op.create_index("ix_sales_local_day_id", "sales", ["local_day", "id"], unique=False)
    op.create_table(
        "stock_costs",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_key", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_stock_costs_product_id_products"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("product_id", "lot_key", name=op.f("pk_stock_costs"))
    )
    op.create_table(
        "customer_debts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('opening', 'sale', 'payment', 'return', 'adjustment')", name=op.f("ck_customer_debts_kind_known")),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_customer_debts_amount_not_zero")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_customer_debts_customer_id_customers"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_customer_debts_sale_id_sales"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_debts"))
    )
    op.create_index("ix_customer_debts_customer_id_id", "customer_debts", ["customer_id", "id"], unique=False)
    op.create_index(op.f("ix_customer_debts_sale_id"), "customer_debts", ["sale_id"], unique=False)
    op.create_table(
        "purchase_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purchase_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_purchase_lines_quantity_positive")),
        sa.CheckConstraint("unit_cost >= 0", name=op.f("ck_purchase_lines_unit_cost_not_negative")),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_purchase_lines_lot_id_lots"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_purchase_lines_product_id_products"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["purchase_id"], ["purchases.id"], name=op.f("fk_purchase_lines_purchase_id_purchases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_lines"))
    )
    op.create_index(op.f("ix_purchase_lines_product_id"), "purchase_lines", ["product_id"], unique=False)
    op.create_index(op.f("ix_purchase_lines_purchase_id"), "purchase_lines", ["purchase_id"], unique=False)
    op.create_table(
        "sale_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("bill_discount", sa.BigInteger(), nullable=False),
        sa.Column("net_amount", sa.BigInteger(), nullable=False),
        sa.Column("cogs", sa.BigInteger(), nullable=False),
        sa.Column("returned_quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("discount >= 0 AND bill_discount >= 0", name=op.f("ck_sale_lines_discounts_not_negative")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_sale_lines_quantity_positive")),
        sa.CheckConstraint("returned_quantity >= 0 AND returned_quantity <= quantity", name=op.f("ck_sale_lines_returned_within_sold")),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_sale_lines_unit_price_not_negative")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_sale_lines_product_id_products"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_sale_lines_sale_id_sales"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_lines"))
    )
    op.create_index(op.f("ix_sale_lines_product_id"), "sale_lines", ["product_id"], unique=False)
    op.create_index(op.f("ix_sale_lines_sale_id"), "sale_lines", ["sale_id"], unique=False)
    op.create_table(
        "sale_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("refund_cash", sa.BigInteger(), nullable=False),
        sa.Column("refund_transfer", sa.BigInteger(), nullable=False),
        sa.Column("debt_reduced", sa.BigInteger(), nullable=False),
        sa.Column("cogs", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.CheckConstraint("amount = refund_cash + refund_transfer + debt_reduced", name=op.f("ck_sale_returns_refund_adds_up")),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_sale_returns_sale_id_sales"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_returns")),
        sa.UniqueConstraint("code", name=op.f("uq_sale_returns_code"))
    )
    op.create_index("ix_sale_returns_local_day_id", "sale_returns", ["local_day", "id"], unique=False)
    op.create_index(op.f("ix_sale_returns_sale_id"), "sale_returns", ["sale_id"], unique=False)
    op.create_table(
        "sale_line_lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_line_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("cost_value", sa.BigInteger(), nullable=False),
        sa.Column("returned_quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_sale_line_lots_quantity_positive")),
        sa.CheckConstraint("returned_quantity >= 0 AND returned_quantity <= quantity", name=op.f("ck_sale_line_lots_returned_within_taken")),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_sale_line_lots_lot_id_lots"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["sale_line_id"], ["sale_lines.id"], name=op.f("fk_sale_line_lots_sale_line_id_sale_lines"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouses.id"], name=op.f("fk_sale_line_lots_warehouse_id_warehouses"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_line_lots"))
    )
    op.create_index(op.f("ix_sale_line_lots_sale_line_id"), "sale_line_lots", ["sale_line_id"], unique=False)
    op.create_table(
        "sale_return_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("sale_line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("cogs", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_sale_return_lines_quantity_positive")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_sale_return_lines_product_id_products"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["return_id"], ["sale_returns.id"], name=op.f("fk_sale_return_lines_return_id_sale_returns"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sale_line_id"], ["sale_lines.id"], name=op.f("fk_sale_return_lines_sale_line_id_sale_lines"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_return_lines"))
    )
    op.create_index(op.f("ix_sale_return_lines_product_id"), "sale_return_lines", ["product_id"], unique=False)
    op.create_index(op.f("ix_sale_return_lines_return_id"), "sale_return_lines", ["return_id"], unique=False)
    op.create_index(op.f("ix_sale_return_lines_sale_line_id"), "sale_return_lines", ["sale_line_id"], unique=False)
    op.add_column("shop_profile", sa.Column("bank_bin", sa.String(length=6), server_default="", nullable=False))
    op.add_column("shop_profile", sa.Column("bank_account", sa.String(length=19), server_default="", nullable=False))
    op.add_column("shop_profile", sa.Column("bank_account_name", sa.String(length=50), server_default="", nullable=False))
    op.add_column("stock_movements", sa.Column("cost_value", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_stock_movements_created_at"), "stock_movements", ["created_at"], unique=False)

    _customers_from_orders()
    op.execute("UPDATE stock_movements SET cost_value = quantity * "
                "COALESCE((SELECT cost FROM products WHERE products.id = stock_movements.product_id), 0)")
    if op.get_bind().dialect.name == "postgresql":
        for table, column in NOTIFIED.items():
            for event, transition in (("INSERT", "NEW TABLE AS new_rows"),
                                      ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                      ("DELETE", "OLD TABLE AS old_rows")):
                op.execute(f"CREATE TRIGGER gianhang_notify_{event.lower()} AFTER {event} ON {table} "
                           f"REFERENCING {transition} FOR EACH STATEMENT "
                           f"EXECUTE FUNCTION gianhang_notify_changes('{column}')")


def _customers_from_orders() -> None:
    """Every buyer of the orders so far becomes a customer (the newest order's name and address)."""
    from gianhang_desktop.core.phone import PhoneError, normalize_phone
    from gianhang_desktop.core.text import clean, words

    conn = op.get_bind()
    orders = sa.table("orders", sa.column("phone"), sa.column("buyer_name"), sa.column("address_line"),
                      sa.column("created_at", UtcDateTime()))
    customers = sa.table("customers", *(sa.column(c) for c in ("phone", "name", "address", "email", "note", "debt",
                                                                 "search_text")),
                         sa.column("created_at", UtcDateTime()), sa.column("updated_at", UtcDateTime()))
    seen: dict[str, dict] = {}
    for phone, name, address, created in conn.execute(sa.select(orders).order_by(orders.c.created_at.desc())):
        try:
            number = normalize_phone(phone or "")
        except PhoneError:
            continue
        row = seen.get(number)
        if row is None:
            name, address = clean(name)[:200], clean(address)[:255]
            seen[number] = {"phone": number, "name": name, "address": address, "email": "", "note": "", "debt": 0,
                            "search_text": " ".join(words(f"{name} {number}")), "created_at": created,
                            "updated_at": created}
        else:
            row["created_at"] = created
    if seen:
        conn.execute(customers.insert(), list(seen.values()))


def downgrade() -> None:
    op.drop_index(op.f("ix_stock_movements_created_at"), table_name="stock_movements")
    op.drop_column("stock_movements", "cost_value")
    for column in ("bank_account_name", "bank_account", "bank_bin"):
        op.drop_column("shop_profile", column)
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
