"""fuzzy duplicates: blocking keys, key state, scan staging, reasons, fuzzy setup fields

Adds tables and columns only. Existing databases keep BC's method (duplicate_method stays as it
is); the keys of existing contacts are computed in the background after start-up.

Revision ID: i16a
Revises: i18a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i16a"
down_revision = "i18a"
branch_labels = None
depends_on = None

WEIGHTS = {
    "name": 40,
    "vat": 60,
    "email": 50,
    "phone": 45,
    "address": 30,
    "post_code": 15,
    "city": 10,
    "company": 25,
}


def _contact(name: str) -> sa.Column[str]:
    return sa.Column(
        name,
        sa.String(20),
        sa.ForeignKey("contact.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "contact_duplicate_key",
        _contact("contact_no"),
        sa.Column("kind", sa.String(4), primary_key=True),
        sa.Column("key", sa.String(60), primary_key=True),
    )
    op.create_index("ix_cdk_lookup", "contact_duplicate_key", ["kind", "key", "contact_no"])
    op.create_table(
        "contact_duplicate_key_state",
        _contact("contact_no"),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("record", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "contact_duplicate_staging",
        sa.Column("scan_id", sa.String(36), primary_key=True),
        _contact("contact_no"),
        _contact("duplicate_contact_no"),
        sa.Column("no_of_matching_strings", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("score", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("method", sa.String(20), nullable=False, server_default=""),
        sa.Column("reasons", sa.String(250), nullable=False, server_default=""),
    )
    with op.batch_alter_table("contact_duplicate") as batch:
        batch.add_column(sa.Column("reasons", sa.String(250), nullable=False, server_default=""))
    with op.batch_alter_table("marketing_setup") as batch:
        batch.add_column(
            sa.Column("fuzzy_threshold", sa.Integer(), nullable=False, server_default="60")
        )
        for field, weight in WEIGHTS.items():
            batch.add_column(
                sa.Column(
                    f"fuzzy_weight_{field}",
                    sa.Integer(),
                    nullable=False,
                    server_default=str(weight),
                )
            )
        batch.add_column(
            sa.Column("fuzzy_switch_offered", sa.Boolean(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("marketing_setup") as batch:
        batch.drop_column("fuzzy_switch_offered")
        for field in reversed(list(WEIGHTS)):
            batch.drop_column(f"fuzzy_weight_{field}")
        batch.drop_column("fuzzy_threshold")
    with op.batch_alter_table("contact_duplicate") as batch:
        batch.drop_column("reasons")
    op.drop_table("contact_duplicate_staging")
    op.drop_table("contact_duplicate_key_state")
    op.drop_index("ix_cdk_lookup", "contact_duplicate_key")
    op.drop_table("contact_duplicate_key")
