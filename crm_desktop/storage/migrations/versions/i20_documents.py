"""documents: sales and purchase document headers and lines, a VAT rate list, the Sales &
Purchases setup with one number series per document type (issue 20)

Only adds tables. A database made before this revision gets the eight number series, the VAT
rates and the setup row a new one gets from seeding (a new database is still empty here).

Revision ID: i20a
Revises: i13a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i20a"
down_revision = "i13a"
branch_labels = None
depends_on = None

# Frozen copies of domain.documents / domain.default_setup as of this revision.
SERIES = (
    ("sales_quote_nos", "S-QUO", "Sales Quotes", "SQ000001", "SQ999999"),
    ("sales_order_nos", "S-ORD", "Sales Orders", "SO000001", "SO999999"),
    ("sales_invoice_nos", "S-INV", "Sales Invoices", "SI000001", "SI999999"),
    ("sales_credit_memo_nos", "S-CR", "Sales Credit Memos", "SC000001", "SC999999"),
    ("purchase_quote_nos", "P-QUO", "Purchase Quotes", "PQ000001", "PQ999999"),
    ("purchase_order_nos", "P-ORD", "Purchase Orders", "PO000001", "PO999999"),
    ("purchase_invoice_nos", "P-INV", "Purchase Invoices", "PI000001", "PI999999"),
    ("purchase_credit_memo_nos", "P-CR", "Purchase Credit Memos", "PC000001", "PC999999"),
)
# (code, description, rate in units of 10^-5 percent)
VAT_RATES = (
    ("STANDARD", "Standard rate", 2000000),
    ("REDUCED", "Reduced rate", 500000),
    ("ZERO", "Zero rate", 0),
)
DEFAULT_VAT_RATE = "STANDARD"


def upgrade() -> None:
    op.create_table(
        "vat_rate",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("rate", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_vat_rate")),
    )
    op.create_table(
        "sales_purchase_setup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sales_quote_nos", sa.String(length=20), nullable=True),
        sa.Column("sales_order_nos", sa.String(length=20), nullable=True),
        sa.Column("sales_invoice_nos", sa.String(length=20), nullable=True),
        sa.Column("sales_credit_memo_nos", sa.String(length=20), nullable=True),
        sa.Column("purchase_quote_nos", sa.String(length=20), nullable=True),
        sa.Column("purchase_order_nos", sa.String(length=20), nullable=True),
        sa.Column("purchase_invoice_nos", sa.String(length=20), nullable=True),
        sa.Column("purchase_credit_memo_nos", sa.String(length=20), nullable=True),
        sa.Column("default_vat_rate_code", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["default_vat_rate_code"],
            ["vat_rate.code"],
            name=op.f("fk_sales_purchase_setup_default_vat_rate_code_vat_rate"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["purchase_credit_memo_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_purchase_credit_memo_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["purchase_invoice_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_purchase_invoice_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["purchase_order_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_purchase_order_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["purchase_quote_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_purchase_quote_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sales_credit_memo_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_sales_credit_memo_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sales_invoice_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_sales_invoice_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sales_order_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_sales_order_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sales_quote_nos"],
            ["no_series.code"],
            name=op.f("fk_sales_purchase_setup_sales_quote_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_purchase_setup")),
    )
    op.create_table(
        "document_header",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_type", sa.String(length=30), nullable=False),
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("customer_no", sa.String(length=20), nullable=True),
        sa.Column("vendor_no", sa.String(length=20), nullable=True),
        sa.Column("sell_to_contact_no", sa.String(length=20), nullable=True),
        sa.Column("bill_to_contact_no", sa.String(length=20), nullable=True),
        sa.Column("buy_from_contact_no", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("name_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("address_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("city", sa.String(length=30), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("county", sa.String(length=30), server_default="", nullable=False),
        sa.Column("country_region_code", sa.String(length=10), nullable=True),
        sa.Column("contact_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("salesperson_code", sa.String(length=20), nullable=True),
        sa.Column("currency_code", sa.String(length=10), nullable=True),
        sa.Column("language_code", sa.String(length=10), nullable=True),
        sa.Column("your_reference", sa.String(length=35), server_default="", nullable=False),
        sa.Column("quote_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("order_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("locked", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.Column("no_series", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("last_modified", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bill_to_contact_no"],
            ["contact.no"],
            name=op.f("fk_document_header_bill_to_contact_no_contact"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["buy_from_contact_no"],
            ["contact.no"],
            name=op.f("fk_document_header_buy_from_contact_no_contact"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["country_region_code"],
            ["country_region.code"],
            name=op.f("fk_document_header_country_region_code_country_region"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["currency_code"],
            ["currency.code"],
            name=op.f("fk_document_header_currency_code_currency"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["customer_no"],
            ["customer.no"],
            name=op.f("fk_document_header_customer_no_customer"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["language_code"],
            ["language.code"],
            name=op.f("fk_document_header_language_code_language"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["no_series"],
            ["no_series.code"],
            name=op.f("fk_document_header_no_series_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_code"],
            ["salesperson.code"],
            name=op.f("fk_document_header_salesperson_code_salesperson"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sell_to_contact_no"],
            ["contact.no"],
            name=op.f("fk_document_header_sell_to_contact_no_contact"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_no"],
            ["vendor.no"],
            name=op.f("fk_document_header_vendor_no_vendor"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_header")),
        sa.UniqueConstraint("document_type", "no", name="uq_document_header_type_no"),
    )
    op.create_index(
        op.f("ix_document_header_bill_to_contact_no"),
        "document_header",
        ["bill_to_contact_no"],
        unique=False,
    )
    op.create_index(
        op.f("ix_document_header_buy_from_contact_no"),
        "document_header",
        ["buy_from_contact_no"],
        unique=False,
    )
    op.create_index(
        op.f("ix_document_header_customer_no"), "document_header", ["customer_no"], unique=False
    )
    op.create_index(
        op.f("ix_document_header_sell_to_contact_no"),
        "document_header",
        ["sell_to_contact_no"],
        unique=False,
    )
    op.create_index(
        "ix_document_header_type_date",
        "document_header",
        ["document_type", "document_date"],
        unique=False,
    )
    op.create_index(
        op.f("ix_document_header_vendor_no"), "document_header", ["vendor_no"], unique=False
    )
    op.create_table(
        "document_line",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="0", nullable=False),
        sa.Column("unit_price", sa.Integer(), server_default="0", nullable=False),
        sa.Column("line_discount_percent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("vat_rate_code", sa.String(length=10), nullable=True),
        sa.Column("vat_percent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("line_amount", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document_header.id"],
            name=op.f("fk_document_line_document_id_document_header"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vat_rate_code"],
            ["vat_rate.code"],
            name=op.f("fk_document_line_vat_rate_code_vat_rate"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_line")),
        sa.UniqueConstraint("document_id", "line_no", name="uq_document_line_no"),
    )
    _seed_existing_database()


def _seed_existing_database() -> None:
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT COUNT(*) FROM marketing_setup")).scalar_one() == 0:
        return
    taken = set(conn.execute(sa.text("SELECT code FROM no_series")).scalars())
    setup: dict[str, str | None] = {}
    for field, code, desc, start, end in SERIES:
        setup[field] = code
        if code in taken:  # the user already made a series of that code: use it as it is
            continue
        conn.execute(
            sa.text(
                "INSERT INTO no_series (code, description, default_nos, manual_nos) "
                "VALUES (:c, :d, 1, 1)"
            ),
            {"c": code, "d": desc},
        )
        conn.execute(
            sa.text(
                "INSERT INTO no_series_line (series_code, line_no, starting_no, ending_no, "
                "increment_by, open) VALUES (:c, 10000, :s, :e, 1, 1)"
            ),
            {"c": code, "s": start, "e": end},
        )
    for code, desc, rate in VAT_RATES:
        conn.execute(
            sa.text("INSERT INTO vat_rate (code, description, rate) VALUES (:c, :d, :r)"),
            {"c": code, "d": desc, "r": rate},
        )
    setup["default_vat_rate_code"] = DEFAULT_VAT_RATE
    cols = ", ".join(setup)
    params = ", ".join(f":{k}" for k in setup)
    conn.execute(
        sa.text(f"INSERT INTO sales_purchase_setup (id, {cols}) VALUES (1, {params})"), setup
    )


def downgrade() -> None:
    op.drop_table("document_line")
    op.drop_index("ix_document_header_vendor_no", "document_header")
    op.drop_index("ix_document_header_type_date", "document_header")
    op.drop_index("ix_document_header_sell_to_contact_no", "document_header")
    op.drop_index("ix_document_header_customer_no", "document_header")
    op.drop_index("ix_document_header_buy_from_contact_no", "document_header")
    op.drop_index("ix_document_header_bill_to_contact_no", "document_header")
    op.drop_table("document_header")
    op.drop_table("sales_purchase_setup")
    op.drop_table("vat_rate")
