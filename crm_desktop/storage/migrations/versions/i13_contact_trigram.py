"""contact search: a trigram index over accent-folded copies, and indexes for one character

Revision ID: i13a
Revises: i16a
"""

from __future__ import annotations

from alembic import op

from crm_desktop.storage import contact_search

revision = "i13a"
down_revision = "i16a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    contact_search.install_trigram(op.get_bind())


def downgrade() -> None:
    contact_search.uninstall_trigram(op.get_bind())
