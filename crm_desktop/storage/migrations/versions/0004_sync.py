"""sync: customers, vendors, bank accounts, employees, customer templates, payment terms, their
number series, and Marketing Setup's customer template codes (issue 5)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (code, description, starting no, ending no, sync_setup column) - as seeded in a new database
SERIES = (
    ("CUST", "Customers", "C00010", "C99990", "customer_nos"),
    ("VEND", "Vendors", "V00010", "V99990", "vendor_nos"),
    ("BANK", "Bank Accounts", "B010", "B990", "bank_account_nos"),
    ("EMP", "Employees", "E0010", "E9990", "employee_nos"),
)


def upgrade() -> None:
    op.create_table(
        "payment_terms",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("due_date_calculation", sa.String(length=32), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_payment_terms")),
    )
    op.create_table(
        "bank_account",
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("search_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("name_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("address_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("city", sa.String(length=30), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("county", sa.String(length=30), server_default="", nullable=False),
        sa.Column("country_region_code", sa.String(length=10), nullable=True),
        sa.Column("phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("mobile_phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("telex_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("fax_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("telex_answer_back", sa.String(length=20), server_default="", nullable=False),
        sa.Column("email", sa.String(length=80), server_default="", nullable=False),
        sa.Column("home_page", sa.String(length=255), server_default="", nullable=False),
        sa.Column("territory_code", sa.String(length=10), nullable=True),
        sa.Column("currency_code", sa.String(length=10), nullable=True),
        sa.Column("language_code", sa.String(length=10), nullable=True),
        sa.Column("format_region", sa.String(length=80), server_default="", nullable=False),
        sa.Column("our_contact_code", sa.String(length=20), nullable=True),
        sa.Column("bank_account_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("iban", sa.String(length=50), server_default="", nullable=False),
        sa.Column("swift_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("no_series", sa.String(length=20), nullable=True),
        sa.Column("last_modified", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["country_region_code"],
            ["country_region.code"],
            name=op.f("fk_bank_account_country_region_code_country_region"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["currency_code"],
            ["currency.code"],
            name=op.f("fk_bank_account_currency_code_currency"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["language_code"],
            ["language.code"],
            name=op.f("fk_bank_account_language_code_language"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["no_series"],
            ["no_series.code"],
            name=op.f("fk_bank_account_no_series_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["our_contact_code"],
            ["salesperson.code"],
            name=op.f("fk_bank_account_our_contact_code_salesperson"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territory.code"],
            name=op.f("fk_bank_account_territory_code_territory"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("no", name=op.f("pk_bank_account")),
    )
    with op.batch_alter_table("bank_account", schema=None) as batch_op:
        batch_op.create_index("ix_bank_account_name", ["name"], unique=False)

    op.create_table(
        "customer_template",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("contact_type", sa.String(length=10), server_default="company", nullable=False),
        sa.Column("country_region_code", sa.String(length=10), nullable=True),
        sa.Column("territory_code", sa.String(length=10), nullable=True),
        sa.Column("currency_code", sa.String(length=10), nullable=True),
        sa.Column("language_code", sa.String(length=10), nullable=True),
        sa.Column("salesperson_code", sa.String(length=20), nullable=True),
        sa.Column("payment_terms_code", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["country_region_code"],
            ["country_region.code"],
            name=op.f("fk_customer_template_country_region_code_country_region"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["currency_code"],
            ["currency.code"],
            name=op.f("fk_customer_template_currency_code_currency"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["language_code"],
            ["language.code"],
            name=op.f("fk_customer_template_language_code_language"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["payment_terms_code"],
            ["payment_terms.code"],
            name=op.f("fk_customer_template_payment_terms_code_payment_terms"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_code"],
            ["salesperson.code"],
            name=op.f("fk_customer_template_salesperson_code_salesperson"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territory.code"],
            name=op.f("fk_customer_template_territory_code_territory"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_customer_template")),
    )
    op.create_table(
        "employee",
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("first_name", sa.String(length=30), server_default="", nullable=False),
        sa.Column("middle_name", sa.String(length=30), server_default="", nullable=False),
        sa.Column("last_name", sa.String(length=30), server_default="", nullable=False),
        sa.Column("initials", sa.String(length=30), server_default="", nullable=False),
        sa.Column("job_title", sa.String(length=30), server_default="", nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("address_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("city", sa.String(length=30), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("county", sa.String(length=30), server_default="", nullable=False),
        sa.Column("country_region_code", sa.String(length=10), nullable=True),
        sa.Column("phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("mobile_phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("fax_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("pager", sa.String(length=30), server_default="", nullable=False),
        sa.Column("email", sa.String(length=80), server_default="", nullable=False),
        sa.Column("no_series", sa.String(length=20), nullable=True),
        sa.Column("last_modified", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["country_region_code"],
            ["country_region.code"],
            name=op.f("fk_employee_country_region_code_country_region"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["no_series"],
            ["no_series.code"],
            name=op.f("fk_employee_no_series_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("no", name=op.f("pk_employee")),
    )
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.create_index("ix_employee_last_name", ["last_name"], unique=False)

    op.create_table(
        "sync_setup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_nos", sa.String(length=20), nullable=True),
        sa.Column("vendor_nos", sa.String(length=20), nullable=True),
        sa.Column("bank_account_nos", sa.String(length=20), nullable=True),
        sa.Column("employee_nos", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["bank_account_nos"],
            ["no_series.code"],
            name=op.f("fk_sync_setup_bank_account_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["customer_nos"],
            ["no_series.code"],
            name=op.f("fk_sync_setup_customer_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["employee_nos"],
            ["no_series.code"],
            name=op.f("fk_sync_setup_employee_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_nos"],
            ["no_series.code"],
            name=op.f("fk_sync_setup_vendor_nos_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_setup")),
    )
    op.create_table(
        "customer",
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("search_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("name_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("address_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("city", sa.String(length=30), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("county", sa.String(length=30), server_default="", nullable=False),
        sa.Column("country_region_code", sa.String(length=10), nullable=True),
        sa.Column("phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("mobile_phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("telex_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("fax_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("telex_answer_back", sa.String(length=20), server_default="", nullable=False),
        sa.Column("email", sa.String(length=80), server_default="", nullable=False),
        sa.Column("home_page", sa.String(length=255), server_default="", nullable=False),
        sa.Column("territory_code", sa.String(length=10), nullable=True),
        sa.Column("currency_code", sa.String(length=10), nullable=True),
        sa.Column("language_code", sa.String(length=10), nullable=True),
        sa.Column("format_region", sa.String(length=80), server_default="", nullable=False),
        sa.Column("salesperson_code", sa.String(length=20), nullable=True),
        sa.Column("registration_number", sa.String(length=20), server_default="", nullable=False),
        sa.Column("vat_registration_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("contact_type", sa.String(length=10), server_default="company", nullable=False),
        sa.Column("primary_contact_no", sa.String(length=20), nullable=True),
        sa.Column("contact", sa.String(length=100), server_default="", nullable=False),
        sa.Column("payment_terms_code", sa.String(length=10), nullable=True),
        sa.Column("no_series", sa.String(length=20), nullable=True),
        sa.Column("last_modified", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["country_region_code"],
            ["country_region.code"],
            name=op.f("fk_customer_country_region_code_country_region"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["currency_code"],
            ["currency.code"],
            name=op.f("fk_customer_currency_code_currency"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["language_code"],
            ["language.code"],
            name=op.f("fk_customer_language_code_language"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["no_series"],
            ["no_series.code"],
            name=op.f("fk_customer_no_series_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["payment_terms_code"],
            ["payment_terms.code"],
            name=op.f("fk_customer_payment_terms_code_payment_terms"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["primary_contact_no"],
            ["contact.no"],
            name=op.f("fk_customer_primary_contact_no_contact"),
            onupdate="CASCADE",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_code"],
            ["salesperson.code"],
            name=op.f("fk_customer_salesperson_code_salesperson"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territory.code"],
            name=op.f("fk_customer_territory_code_territory"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("no", name=op.f("pk_customer")),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index("ix_customer_name", ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_customer_primary_contact_no"), ["primary_contact_no"], unique=False
        )

    op.create_table(
        "vendor",
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("search_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("name_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("address_2", sa.String(length=50), server_default="", nullable=False),
        sa.Column("city", sa.String(length=30), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("county", sa.String(length=30), server_default="", nullable=False),
        sa.Column("country_region_code", sa.String(length=10), nullable=True),
        sa.Column("phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("mobile_phone_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("telex_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("fax_no", sa.String(length=30), server_default="", nullable=False),
        sa.Column("telex_answer_back", sa.String(length=20), server_default="", nullable=False),
        sa.Column("email", sa.String(length=80), server_default="", nullable=False),
        sa.Column("home_page", sa.String(length=255), server_default="", nullable=False),
        sa.Column("territory_code", sa.String(length=10), nullable=True),
        sa.Column("currency_code", sa.String(length=10), nullable=True),
        sa.Column("language_code", sa.String(length=10), nullable=True),
        sa.Column("format_region", sa.String(length=80), server_default="", nullable=False),
        sa.Column("purchaser_code", sa.String(length=20), nullable=True),
        sa.Column("registration_number", sa.String(length=20), server_default="", nullable=False),
        sa.Column("vat_registration_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("primary_contact_no", sa.String(length=20), nullable=True),
        sa.Column("contact", sa.String(length=100), server_default="", nullable=False),
        sa.Column("no_series", sa.String(length=20), nullable=True),
        sa.Column("last_modified", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["country_region_code"],
            ["country_region.code"],
            name=op.f("fk_vendor_country_region_code_country_region"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["currency_code"],
            ["currency.code"],
            name=op.f("fk_vendor_currency_code_currency"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["language_code"],
            ["language.code"],
            name=op.f("fk_vendor_language_code_language"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["no_series"],
            ["no_series.code"],
            name=op.f("fk_vendor_no_series_no_series"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["primary_contact_no"],
            ["contact.no"],
            name=op.f("fk_vendor_primary_contact_no_contact"),
            onupdate="CASCADE",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["purchaser_code"],
            ["salesperson.code"],
            name=op.f("fk_vendor_purchaser_code_salesperson"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territory.code"],
            name=op.f("fk_vendor_territory_code_territory"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("no", name=op.f("pk_vendor")),
    )
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.create_index("ix_vendor_name", ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vendor_primary_contact_no"), ["primary_contact_no"], unique=False
        )

    with op.batch_alter_table("marketing_setup", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cust_template_company_code", sa.String(length=10), nullable=True)
        )
        batch_op.add_column(
            sa.Column("cust_template_person_code", sa.String(length=10), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_marketing_setup_cust_template_person_code_customer_template"),
            "customer_template",
            ["cust_template_person_code"],
            ["code"],
            onupdate="CASCADE",
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_marketing_setup_cust_template_company_code_customer_template"),
            "customer_template",
            ["cust_template_company_code"],
            ["code"],
            onupdate="CASCADE",
            ondelete="RESTRICT",
        )

    _seed_existing_database()


def _seed_existing_database() -> None:
    """A database made before this revision has a Marketing Setup row: give it the number series
    and setup row a new database gets from seeding (a new one is still empty here)."""
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT COUNT(*) FROM marketing_setup")).scalar_one() == 0:
        return
    setup: dict[str, str | None] = {}
    for code, desc, start, end, column in SERIES:
        exists = conn.execute(
            sa.text("SELECT COUNT(*) FROM no_series WHERE code = :c"), {"c": code}
        ).scalar_one()
        if exists:
            setup[column] = None
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
        setup[column] = code
    conn.execute(
        sa.text(
            "INSERT INTO sync_setup (id, customer_nos, vendor_nos, bank_account_nos, employee_nos) "
            "VALUES (1, :customer_nos, :vendor_nos, :bank_account_nos, :employee_nos)"
        ),
        setup,
    )


def downgrade() -> None:
    with op.batch_alter_table("marketing_setup", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_marketing_setup_cust_template_company_code_customer_template"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("fk_marketing_setup_cust_template_person_code_customer_template"),
            type_="foreignkey",
        )
        batch_op.drop_column("cust_template_person_code")
        batch_op.drop_column("cust_template_company_code")

    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_primary_contact_no"))
        batch_op.drop_index("ix_vendor_name")

    op.drop_table("vendor")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_primary_contact_no"))
        batch_op.drop_index("ix_customer_name")

    op.drop_table("customer")
    op.drop_table("sync_setup")
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.drop_index("ix_employee_last_name")

    op.drop_table("employee")
    op.drop_table("customer_template")
    with op.batch_alter_table("bank_account", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_account_name")

    op.drop_table("bank_account")
    op.drop_table("payment_terms")
