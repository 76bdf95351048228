"""interactions: the interaction log, attachments, template language rows, contact comments

Adds Wizard Action to interaction templates (issue 18).

Revision ID: i18a
Revises: i22a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i18a"
down_revision = "i22a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("storage_type", sa.String(length=10), server_default="embedded", nullable=False),
        sa.Column("storage_pointer", sa.String(length=250), server_default="", nullable=False),
        sa.Column("storage_file", sa.String(length=250), server_default="", nullable=False),
        sa.Column("file_name", sa.String(length=250), server_default="", nullable=False),
        sa.Column("file_extension", sa.String(length=250), server_default="", nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sha256", sa.String(length=64), server_default="", nullable=False),
        sa.Column("last_date_modified", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("no", name=op.f("pk_attachment")),
    )
    op.create_table(
        "contact_comment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contact_no", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=10), server_default="", nullable=False),
        sa.Column("comment", sa.String(length=80), server_default="", nullable=False),
        sa.Column("last_date_modified", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_no"],
            ["contact.no"],
            name=op.f("fk_contact_comment_contact_no_contact"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_comment")),
    )
    op.create_index(
        "ix_contact_comment_contact_date", "contact_comment", ["contact_no", "date"], unique=False
    )
    op.create_table(
        "interaction_log_entry",
        sa.Column("entry_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contact_no", sa.String(length=20), nullable=False),
        sa.Column("contact_company_no", sa.String(length=20), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time_of_interaction", sa.Time(), nullable=True),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("subject", sa.String(length=100), server_default="", nullable=False),
        sa.Column("information_flow", sa.String(length=10), server_default="", nullable=False),
        sa.Column("initiated_by", sa.String(length=10), server_default="", nullable=False),
        sa.Column("attachment_no", sa.Integer(), nullable=True),
        sa.Column(
            "cost_lcy", sa.Numeric(precision=18, scale=2), server_default="0", nullable=False
        ),
        sa.Column("duration_min", sa.Integer(), server_default="0", nullable=False),
        sa.Column("user_id", sa.String(length=50), server_default="", nullable=False),
        sa.Column("interaction_group_code", sa.String(length=10), nullable=True),
        sa.Column("interaction_template_code", sa.String(length=10), nullable=True),
        sa.Column("campaign_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("campaign_entry_no", sa.Integer(), server_default="0", nullable=False),
        sa.Column("campaign_target", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("campaign_response", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("segment_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("evaluation", sa.String(length=15), server_default="", nullable=False),
        sa.Column("attempt_failed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("task_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("salesperson_code", sa.String(length=20), nullable=True),
        sa.Column("canceled", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("postponed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("correspondence_type", sa.String(length=10), server_default="", nullable=False),
        sa.Column("document_type", sa.String(length=40), server_default="", nullable=False),
        sa.Column("document_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("contact_via", sa.String(length=80), server_default="", nullable=False),
        sa.Column("interaction_language_code", sa.String(length=10), nullable=True),
        sa.Column("opportunity_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=20), server_default="manual", nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_no"],
            ["attachment.no"],
            name=op.f("fk_interaction_log_entry_attachment_no_attachment"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["contact_company_no"],
            ["contact.no"],
            name=op.f("fk_interaction_log_entry_contact_company_no_contact"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["contact_no"],
            ["contact.no"],
            name=op.f("fk_interaction_log_entry_contact_no_contact"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_group_code"],
            ["interaction_group.code"],
            name=op.f("fk_interaction_log_entry_interaction_group_code_interaction_group"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_language_code"],
            ["language.code"],
            name=op.f("fk_interaction_log_entry_interaction_language_code_language"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_template_code"],
            ["interaction_template.code"],
            name=op.f("fk_interaction_log_entry_interaction_template_code_interaction_template"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_code"],
            ["salesperson.code"],
            name=op.f("fk_interaction_log_entry_salesperson_code_salesperson"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("entry_no", name=op.f("pk_interaction_log_entry")),
    )
    op.create_index("ix_ile_attachment", "interaction_log_entry", ["attachment_no"], unique=False)
    op.create_index(
        "ix_ile_company_date", "interaction_log_entry", ["contact_company_no", "date"], unique=False
    )
    op.create_index(
        "ix_ile_contact_date", "interaction_log_entry", ["contact_no", "date"], unique=False
    )
    op.create_index("ix_ile_date", "interaction_log_entry", ["date"], unique=False)
    op.create_index(
        "ix_ile_document", "interaction_log_entry", ["document_type", "document_no"], unique=False
    )
    op.create_index(
        "ix_ile_group", "interaction_log_entry", ["interaction_group_code"], unique=False
    )
    op.create_index(
        "ix_ile_salesperson", "interaction_log_entry", ["salesperson_code"], unique=False
    )
    op.create_index(
        "ix_ile_template", "interaction_log_entry", ["interaction_template_code"], unique=False
    )
    op.create_table(
        "interaction_tmpl_language",
        sa.Column("interaction_template_code", sa.String(length=10), nullable=False),
        sa.Column("language_code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("attachment_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attachment_no"],
            ["attachment.no"],
            name=op.f("fk_interaction_tmpl_language_attachment_no_attachment"),
            onupdate="CASCADE",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_template_code"],
            ["interaction_template.code"],
            name=op.f(
                "fk_interaction_tmpl_language_interaction_template_code_interaction_template"
            ),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_template_code", "language_code", name=op.f("pk_interaction_tmpl_language")
        ),
    )
    with op.batch_alter_table("interaction_template") as batch:
        batch.add_column(
            sa.Column("wizard_action", sa.String(length=10), server_default="", nullable=False)
        )


def downgrade() -> None:
    op.drop_table("interaction_tmpl_language")
    op.drop_table("interaction_log_entry")
    op.drop_table("contact_comment")
    op.drop_table("attachment")
    # SQLite's own DROP COLUMN: a batch copy of the table would be refused by the foreign keys
    # that point at interaction_template.
    op.execute("ALTER TABLE interaction_template DROP COLUMN wizard_action")
