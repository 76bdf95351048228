"""contact search: an FTS5 index over contacts kept by triggers, and indexes for sorting the list

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from crm_desktop.storage import contact_search

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contact_company_name", "contact", ["company_name"])
    op.create_index("ix_contact_phone_no", "contact", ["phone_no"])
    op.create_index("ix_contact_email", "contact", ["email"])
    contact_search.install(op.get_bind())


def downgrade() -> None:
    contact_search.uninstall(op.get_bind())
    op.drop_index("ix_contact_email", "contact")
    op.drop_index("ix_contact_phone_no", "contact")
    op.drop_index("ix_contact_company_name", "contact")
