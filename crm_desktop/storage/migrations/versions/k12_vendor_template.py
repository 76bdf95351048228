"""vendor templates: BC's Vendor Templ. beside the customer templates; Create as Vendor offers
them (issue 12). Only adds a table.

Revision ID: k12a
Revises: k20a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "k12a"
down_revision = "k20a"
branch_labels = None
depends_on = None


def _ref(name: str, table: str, length: int) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name,
        sa.String(length),
        sa.ForeignKey(
            f"{table}.code",
            name=f"fk_vendor_template_{name}_{table}",
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        nullable=True,
    )


def upgrade() -> None:
    op.create_table(
        "vendor_template",
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("description", sa.String(100), nullable=False, server_default=""),
        _ref("country_region_code", "country_region", 10),
        _ref("territory_code", "territory", 10),
        _ref("currency_code", "currency", 10),
        _ref("language_code", "language", 10),
        _ref("purchaser_code", "salesperson", 20),
        sa.PrimaryKeyConstraint("code", name="pk_vendor_template"),
    )


def downgrade() -> None:
    op.drop_table("vendor_template")
