"""opportunities: close opportunity codes, opportunities, opportunity entries, and the sales
cycle stage's Activity Code (issue 21)

Revision ID: i21a
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i21a"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fk(
    table: str, column: str, target: str, ondelete: str = "RESTRICT"
) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column],
        [target],
        name=op.f(f"fk_{table}_{column}_{ref_table}"),
        onupdate="CASCADE",
        ondelete=ondelete,
    )


def upgrade() -> None:
    with op.batch_alter_table("sales_cycle_stage", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("activity_code", sa.String(length=10), server_default="", nullable=False)
        )
    op.create_table(
        "close_opportunity_code",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_close_opportunity_code")),
    )
    op.create_table(
        "opportunity",
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("salesperson_code", sa.String(length=20), nullable=True),
        sa.Column("contact_no", sa.String(length=20), nullable=False),
        sa.Column("contact_company_no", sa.String(length=20), nullable=True),
        sa.Column("sales_cycle_code", sa.String(length=10), nullable=True),
        sa.Column("sales_document_type", sa.String(length=20), server_default="", nullable=False),
        sa.Column("sales_document_no", sa.String(length=20), nullable=True),
        sa.Column("creation_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="not_started", nullable=False),
        sa.Column("priority", sa.String(length=10), server_default="normal", nullable=False),
        sa.Column("closed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("date_closed", sa.Date(), nullable=True),
        sa.Column("no_series", sa.String(length=20), nullable=True),
        sa.Column("last_modified", sa.DateTime(), nullable=True),
        _fk("opportunity", "salesperson_code", "salesperson.code"),
        _fk("opportunity", "contact_no", "contact.no"),
        _fk("opportunity", "contact_company_no", "contact.no"),
        _fk("opportunity", "sales_cycle_code", "sales_cycle.code"),
        _fk("opportunity", "no_series", "no_series.code"),
        sa.PrimaryKeyConstraint("no", name=op.f("pk_opportunity")),
        sa.UniqueConstraint(
            "sales_document_type", "sales_document_no", name="uq_opportunity_document"
        ),
    )
    with op.batch_alter_table("opportunity", schema=None) as batch_op:
        batch_op.create_index("ix_opportunity_contact_no", ["contact_no"], unique=False)
        batch_op.create_index(
            "ix_opportunity_contact_company_no", ["contact_company_no"], unique=False
        )
        batch_op.create_index(
            "ix_opportunity_salesperson_no", ["salesperson_code", "no"], unique=False
        )
        batch_op.create_index("ix_opportunity_cycle_no", ["sales_cycle_code", "no"], unique=False)
        batch_op.create_index(
            "ix_opportunity_status_closed", ["status", "date_closed"], unique=False
        )
    op.create_table(
        "opportunity_entry",
        sa.Column("entry_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("opportunity_no", sa.String(length=20), nullable=False),
        sa.Column("sales_cycle_code", sa.String(length=10), nullable=True),
        sa.Column("sales_cycle_stage", sa.Integer(), nullable=True),
        sa.Column(
            "sales_cycle_stage_description",
            sa.String(length=100),
            server_default="",
            nullable=False,
        ),
        sa.Column("previous_sales_cycle_stage", sa.Integer(), nullable=True),
        sa.Column("contact_no", sa.String(length=20), nullable=False),
        sa.Column("contact_company_no", sa.String(length=20), nullable=True),
        sa.Column("salesperson_code", sa.String(length=20), nullable=True),
        sa.Column("date_of_change", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("date_closed", sa.Date(), nullable=True),
        sa.Column("days_open", sa.Integer(), server_default="0", nullable=False),
        sa.Column("action_type", sa.String(length=10), server_default="", nullable=False),
        sa.Column("action_taken", sa.String(length=10), server_default="", nullable=False),
        sa.Column("estimated_value", sa.Integer(), server_default="0", nullable=False),
        sa.Column("calcd_current_value", sa.Integer(), server_default="0", nullable=False),
        sa.Column("completed_percent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("chances_of_success_percent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("probability_percent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("close_opportunity_code", sa.String(length=10), nullable=True),
        sa.Column("estimated_close_date", sa.Date(), nullable=True),
        _fk("opportunity_entry", "opportunity_no", "opportunity.no", ondelete="CASCADE"),
        _fk("opportunity_entry", "sales_cycle_code", "sales_cycle.code"),
        _fk("opportunity_entry", "contact_no", "contact.no"),
        _fk("opportunity_entry", "contact_company_no", "contact.no"),
        _fk("opportunity_entry", "salesperson_code", "salesperson.code"),
        _fk("opportunity_entry", "close_opportunity_code", "close_opportunity_code.code"),
        sa.PrimaryKeyConstraint("entry_no", name=op.f("pk_opportunity_entry")),
    )
    with op.batch_alter_table("opportunity_entry", schema=None) as batch_op:
        batch_op.create_index("ix_opportunity_entry_contact_no", ["contact_no"], unique=False)
        batch_op.create_index(
            "ix_opportunity_entry_contact_company_no", ["contact_company_no"], unique=False
        )
        batch_op.create_index(
            "ix_opportunity_entry_opportunity", ["opportunity_no", "active"], unique=False
        )
        batch_op.create_index(
            "ix_opportunity_entry_pipeline",
            ["active", "sales_cycle_code", "sales_cycle_stage"],
            unique=False,
        )

    _seed_existing_database()


# As domain/default_setup.py CLOSE_OPPORTUNITY_CODES at the time of this revision.
CLOSE_CODES = (
    ("WON", "won", "Won: the customer ordered"),
    ("PRICE", "lost", "Lost: price"),
    ("COMPETITOR", "lost", "Lost to a competitor"),
    ("NOBUDGET", "lost", "Lost: no budget or need"),
)


def _seed_existing_database() -> None:
    """A database made before this revision gets the close codes a new one gets from seeding (a
    new database is still empty here)."""
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT COUNT(*) FROM marketing_setup")).scalar_one() == 0:
        return
    for code, kind, desc in CLOSE_CODES:
        conn.execute(
            sa.text(
                "INSERT INTO close_opportunity_code (code, type, description) VALUES (:c, :t, :d)"
            ),
            {"c": code, "t": kind, "d": desc},
        )


def downgrade() -> None:
    op.drop_table("opportunity_entry")
    op.drop_table("opportunity")
    op.drop_table("close_opportunity_code")
    with op.batch_alter_table("sales_cycle_stage", schema=None) as batch_op:
        batch_op.drop_column("activity_code")
