"""Alembic environment, configured in code by crm_desktop.storage.migrate (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from crm_desktop.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs alembic by hand
    raise RuntimeError("Run migrations through crm_desktop.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
