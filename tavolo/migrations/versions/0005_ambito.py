"""The ambito: the comuni of the ambito in one store. Comuni gain ``lead`` (the lead comune),
``ambito_status`` and ``ambito_source`` (membership of the ambito with its public source);
buildings name their comune (``comune_code``, filled for the rows already stored from their
rione's consulta; optional: a building without it is in its rione's comune) and ``rione_id``
becomes optional (only Legnano has rioni in the data).

Numbered 0005 after 0003: revision 0004 (gestione) is written at the same time; the two are
chained when merged.

Revision ID: 0005
Revises: 0004
Created: 2026-12-02 12:28:38.024934
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

FK_NAME = 'fk_buildings_comune_code_comuni'


def _columns(table: str) -> dict[str, dict]:
    return {c["name"]: c for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    # Like 0002 and 0003, only what is missing: a database made by create_all with this
    # registry and adopted later (see 0001) already has the columns.
    comuni = _columns('comuni')
    missing = [c for c in (sa.Column('lead', sa.Boolean(), nullable=True),
                           sa.Column('ambito_status', sa.String(length=40), nullable=True),
                           sa.Column('ambito_source', sa.Text(), nullable=True))
               if c.name not in comuni]
    if missing:
        with op.batch_alter_table('comuni', schema=None) as batch_op:
            for column in missing:
                batch_op.add_column(column)

    buildings = _columns('buildings')
    if 'comune_code' in buildings:
        return
    with op.batch_alter_table('buildings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comune_code', sa.Text(), nullable=True))
    # The buildings already stored lie in the comune of their rione (rione -> consulta).
    op.execute(
        "UPDATE buildings SET comune_code = (SELECT consulte.comune_code FROM rioni "
        "JOIN consulte ON consulte.consulta_id = rioni.consulta_id "
        "WHERE rioni.rione_id = buildings.rione_id) WHERE comune_code IS NULL"
    )
    with op.batch_alter_table('buildings', schema=None) as batch_op:
        batch_op.alter_column('rione_id', existing_type=sa.TEXT(), nullable=True)
        batch_op.create_foreign_key(FK_NAME, 'comuni', ['comune_code'], ['comune_code'])


def downgrade() -> None:
    with op.batch_alter_table('buildings', schema=None) as batch_op:
        batch_op.drop_constraint(FK_NAME, type_='foreignkey')
        batch_op.alter_column('rione_id', existing_type=sa.TEXT(), nullable=False)
        batch_op.drop_column('comune_code')

    with op.batch_alter_table('comuni', schema=None) as batch_op:
        batch_op.drop_column('ambito_source')
        batch_op.drop_column('ambito_status')
        batch_op.drop_column('lead')
