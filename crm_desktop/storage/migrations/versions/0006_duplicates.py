"""duplicates: a covering index for matching search strings

The matching self-join looks up (field, part, search string) and needs the contact number of each
hit; with the number in the index SQLite never touches the table rows.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_cdss_match", "cont_duplicate_search_string")
    op.create_index(
        "ix_cdss_match",
        "cont_duplicate_search_string",
        ["field_name", "part_of_field", "search_string", "contact_company_no"],
    )


def downgrade() -> None:
    op.drop_index("ix_cdss_match", "cont_duplicate_search_string")
    op.create_index(
        "ix_cdss_match",
        "cont_duplicate_search_string",
        ["field_name", "part_of_field", "search_string"],
    )
