"""Alembic environment: runs on the connection the app hands over in `config.attributes`."""

from __future__ import annotations

from alembic import context

from gianhang_desktop.core.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(obj, name, type_, reflected, compare_to):
    # The FTS5 virtual table and its shadow tables are created by hand (core.db.sqlite).
    if type_ == "table" and name and name.startswith("products_fts"):
        return False
    return True


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through gianhang_desktop.core.db.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=_include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()
