"""merges: the record of every contacts merge and the rows it changed, so it can be undone;
a trigger that keeps a merged-away contact number from being issued again (issue 17)

Only adds tables and a trigger.

Revision ID: i17a
Revises: i21a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_desktop.storage import merge_guard

revision = "i17a"
down_revision = "i21a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_merge",
        sa.Column("no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.Column("survivor_no", sa.String(length=20), nullable=False),
        sa.Column("survivor_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("gone_no", sa.String(length=20), nullable=False),
        sa.Column("gone_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("contact_type", sa.String(length=10), server_default="", nullable=False),
        sa.Column("records_moved", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), server_default="{}", nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("no", name=op.f("pk_contact_merge")),
    )
    op.create_index("ix_contact_merge_survivor_no", "contact_merge", ["survivor_no"])
    op.create_index("ix_contact_merge_gone_no", "contact_merge", ["gone_no"])
    op.create_table(
        "contact_merge_row",
        sa.Column("merge_no", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("before_image", sa.Text(), nullable=True),
        sa.Column("after_image", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["merge_no"],
            ["contact_merge.no"],
            name=op.f("fk_contact_merge_row_merge_no_contact_merge"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("merge_no", "seq", name=op.f("pk_contact_merge_row")),
    )
    merge_guard.install(op.get_bind())


def downgrade() -> None:
    merge_guard.uninstall(op.get_bind())
    op.drop_table("contact_merge_row")
    op.drop_index("ix_contact_merge_gone_no", "contact_merge")
    op.drop_index("ix_contact_merge_survivor_no", "contact_merge")
    op.drop_table("contact_merge")
