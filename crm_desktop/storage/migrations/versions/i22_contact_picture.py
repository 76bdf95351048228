"""contact picture and saved import mappings (issue 22)

BC's Contact Image: one picture per contact, scaled before it is stored. A separate table keeps
the contact rows (read by every list) small. Saved import mappings are the column mappings a
user named in the import preview.

Revision ID: i22a
Revises: i17a (main after issues 21 and 17; the lead re-chains at merge)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i22a"
down_revision = "i17a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_picture",
        sa.Column(
            "contact_no",
            sa.String(20),
            sa.ForeignKey(
                "contact.no",
                name="fk_contact_picture_contact_no_contact",
                onupdate="CASCADE",
                ondelete="CASCADE",
            ),
            primary_key=True,
        ),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("mime_type", sa.String(30), nullable=False, server_default="image/jpeg"),
        sa.Column("width", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("height", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("contact_no", name="pk_contact_picture"),
    )
    op.create_table(
        "import_mapping",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False, server_default="{}"),
        sa.PrimaryKeyConstraint("name", name="pk_import_mapping"),
    )


def downgrade() -> None:
    op.drop_table("import_mapping")
    op.drop_table("contact_picture")
