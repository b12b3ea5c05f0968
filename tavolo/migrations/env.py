"""Alembic's environment for Tavolo Casa: always run on a connection handed over by
``tavolo.migrations`` (``config.attributes["connection"]``), never from an alembic.ini."""

from alembic import context

from tavolo.store import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the migrations through tavolo.migrations.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    compare_type=True,
    render_as_batch=True,  # SQLite changes a column by rebuilding the table
)
with context.begin_transaction():
    context.run_migrations()
