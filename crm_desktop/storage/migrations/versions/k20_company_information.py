"""company information: our company's name, address, VAT number, IBAN and logo as printed on
documents (issue 20). Only adds a table; the row is made when first saved.

Revision ID: k20a
Revises: i20a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "k20a"
down_revision = "i20a"
branch_labels = None
depends_on = None


def _text(name: str, length: int) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(length), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "company_information",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("name", 100),
        _text("address", 100),
        _text("address_2", 50),
        _text("post_code", 20),
        _text("city", 30),
        sa.Column(
            "country_region_code",
            sa.String(10),
            sa.ForeignKey(
                "country_region.code",
                name="fk_company_information_country_region_code_country_region",
                onupdate="CASCADE",
                ondelete="RESTRICT",
            ),
            nullable=True,
        ),
        _text("phone_no", 30),
        _text("email", 80),
        _text("home_page", 80),
        _text("vat_registration_no", 20),
        _text("iban", 50),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_company_information"),
    )


def downgrade() -> None:
    op.drop_table("company_information")
