"""Baseline: the store's schema of the first release with migrations (as of git commit
fbb4243), every table of the registry plus tavolo_meta and change_log.

Every table is created only when missing: a database made by ``create_all`` before
migrations existed (no alembic_version table) is adopted as it is, and one that lacks a
table added since it was made (saved_views, say) gains it.

Revision ID: 0001
Revises: -
Created: 2026-12-02 06:01:14.428699
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_log',
    sa.Column('change_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('row_key', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=True),
    sa.Column('after_json', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('undone_by', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('change_id'),
    if_not_exists=True,
    )
    op.create_table('comuni',
    sa.Column('comune_code', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('province', sa.Text(), nullable=False),
    sa.Column('ambito', sa.Text(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('population_year', sa.Integer(), nullable=False),
    sa.Column('area_km2', sa.Float(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('comune_code'),
    if_not_exists=True,
    )
    op.create_table('meetings',
    sa.Column('meeting_id', sa.Text(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('theme', sa.Text(), nullable=False),
    sa.Column('sectors', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('meeting_id'),
    if_not_exists=True,
    )
    op.create_table('owners',
    sa.Column('owner_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('owner_id'),
    if_not_exists=True,
    )
    op.create_table('tavolo_meta',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key'),
    if_not_exists=True,
    )
    op.create_table('calls',
    sa.Column('call_id', sa.Text(), nullable=False),
    sa.Column('comune_code', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('flats_offered', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['comune_code'], ['comuni.comune_code'], ),
    sa.PrimaryKeyConstraint('call_id'),
    if_not_exists=True,
    )
    op.create_table('consulte',
    sa.Column('consulta_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('comune_code', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['comune_code'], ['comuni.comune_code'], ),
    sa.PrimaryKeyConstraint('consulta_id'),
    if_not_exists=True,
    )
    op.create_table('decisions',
    sa.Column('decision_id', sa.Text(), nullable=False),
    sa.Column('meeting_id', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.meeting_id'], ),
    sa.PrimaryKeyConstraint('decision_id'),
    if_not_exists=True,
    )
    op.create_table('offices',
    sa.Column('office_id', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('sectors', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('position_precision', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['owners.owner_id'], ),
    sa.PrimaryKeyConstraint('office_id'),
    if_not_exists=True,
    )
    op.create_table('saved_views',
    sa.Column('view_id', sa.Text(), nullable=False),
    sa.Column('meeting_id', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('author', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.meeting_id'], ),
    sa.PrimaryKeyConstraint('view_id'),
    if_not_exists=True,
    )
    op.create_table('actions',
    sa.Column('action_id', sa.Text(), nullable=False),
    sa.Column('meeting_id', sa.Text(), nullable=False),
    sa.Column('decision_id', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.decision_id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.meeting_id'], ),
    sa.PrimaryKeyConstraint('action_id'),
    if_not_exists=True,
    )
    op.create_table('rioni',
    sa.Column('rione_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('consulta_id', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('position_precision', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consulta_id'], ['consulte.consulta_id'], ),
    sa.PrimaryKeyConstraint('rione_id'),
    if_not_exists=True,
    )
    op.create_table('places',
    sa.Column('place_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('rione_id', sa.Text(), nullable=True),
    sa.Column('position_precision', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['rione_id'], ['rioni.rione_id'], ),
    sa.PrimaryKeyConstraint('place_id'),
    if_not_exists=True,
    )
    op.create_table('programmes',
    sa.Column('programme_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('rione_id', sa.Text(), nullable=False),
    sa.Column('flats_planned', sa.Integer(), nullable=False),
    sa.Column('start_planned', sa.Date(), nullable=False),
    sa.Column('end_planned', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['rione_id'], ['rioni.rione_id'], ),
    sa.PrimaryKeyConstraint('programme_id'),
    if_not_exists=True,
    )
    op.create_table('allocations',
    sa.Column('allocation_id', sa.Text(), nullable=False),
    sa.Column('programme_id', sa.Text(), nullable=False),
    sa.Column('quota', sa.String(length=40), nullable=False),
    sa.Column('flats_proposed', sa.Integer(), nullable=False),
    sa.Column('flats_approved', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.meeting_id'], ),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.programme_id'], ),
    sa.PrimaryKeyConstraint('allocation_id'),
    sa.UniqueConstraint('programme_id', 'quota'),
    if_not_exists=True,
    )
    op.create_table('buildings',
    sa.Column('building_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('rione_id', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('position_precision', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.Text(), nullable=False),
    sa.Column('programme_id', sa.Text(), nullable=True),
    sa.Column('year_built', sa.Integer(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['owners.owner_id'], ),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.programme_id'], ),
    sa.ForeignKeyConstraint(['rione_id'], ['rioni.rione_id'], ),
    sa.PrimaryKeyConstraint('building_id'),
    if_not_exists=True,
    )
    op.create_table('funding_acts',
    sa.Column('act_id', sa.Text(), nullable=False),
    sa.Column('programme_id', sa.Text(), nullable=False),
    sa.Column('act', sa.Text(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount_eur', sa.Float(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.programme_id'], ),
    sa.PrimaryKeyConstraint('act_id'),
    if_not_exists=True,
    )
    op.create_table('milestones',
    sa.Column('milestone_id', sa.Text(), nullable=False),
    sa.Column('programme_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('planned_date', sa.Date(), nullable=False),
    sa.Column('actual_date', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.programme_id'], ),
    sa.PrimaryKeyConstraint('milestone_id'),
    if_not_exists=True,
    )
    op.create_table('flats',
    sa.Column('flat_id', sa.Text(), nullable=False),
    sa.Column('building_id', sa.Text(), nullable=False),
    sa.Column('staircase', sa.Text(), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('surface_m2', sa.Float(), nullable=False),
    sa.Column('rooms', sa.Integer(), nullable=False),
    sa.Column('lift', sa.Boolean(), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('works_estimate_eur', sa.Float(), nullable=True),
    sa.Column('status_since', sa.Date(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['buildings.building_id'], ),
    sa.PrimaryKeyConstraint('flat_id'),
    if_not_exists=True,
    )
    op.create_table('inspections',
    sa.Column('inspection_id', sa.Text(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('building_id', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('works', sa.Text(), nullable=False),
    sa.Column('cost_estimate_eur', sa.Float(), nullable=False),
    sa.Column('urgency', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['buildings.building_id'], ),
    sa.PrimaryKeyConstraint('inspection_id'),
    if_not_exists=True,
    )
    op.create_table('tenant_reports',
    sa.Column('report_id', sa.Text(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('building_id', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['building_id'], ['buildings.building_id'], ),
    sa.PrimaryKeyConstraint('report_id'),
    if_not_exists=True,
    )
    op.create_table('applications',
    sa.Column('application_id', sa.Text(), nullable=False),
    sa.Column('call_id', sa.Text(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('isee_band', sa.String(length=40), nullable=False),
    sa.Column('poverty', sa.Boolean(), nullable=False),
    sa.Column('categories', sa.Text(), nullable=True),
    sa.Column('isbar_score', sa.Float(), nullable=False),
    sa.Column('rione_id', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('assigned_flat_id', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_flat_id'], ['flats.flat_id'], ),
    sa.ForeignKeyConstraint(['call_id'], ['calls.call_id'], ),
    sa.ForeignKeyConstraint(['rione_id'], ['rioni.rione_id'], ),
    sa.PrimaryKeyConstraint('application_id'),
    if_not_exists=True,
    )
    op.create_table('call_flats',
    sa.Column('call_id', sa.Text(), nullable=False),
    sa.Column('flat_id', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.call_id'], ),
    sa.ForeignKeyConstraint(['flat_id'], ['flats.flat_id'], ),
    sa.PrimaryKeyConstraint('call_id', 'flat_id'),
    if_not_exists=True,
    )
    op.create_table('flat_status_history',
    sa.Column('flat_id', sa.Text(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['flat_id'], ['flats.flat_id'], ),
    sa.PrimaryKeyConstraint('flat_id', 'valid_from'),
    if_not_exists=True,
    )
    op.create_table('occupations',
    sa.Column('occupation_id', sa.Text(), nullable=False),
    sa.Column('flat_id', sa.Text(), nullable=False),
    sa.Column('detected_on', sa.Date(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['flat_id'], ['flats.flat_id'], ),
    sa.PrimaryKeyConstraint('occupation_id'),
    if_not_exists=True,
    )
    op.create_table('programme_flats',
    sa.Column('programme_id', sa.Text(), nullable=False),
    sa.Column('flat_id', sa.Text(), nullable=False),
    sa.Column('phase', sa.String(length=40), nullable=False),
    sa.Column('phase_since', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['flat_id'], ['flats.flat_id'], ),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.programme_id'], ),
    sa.PrimaryKeyConstraint('programme_id', 'flat_id'),
    if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table('programme_flats')
    op.drop_table('occupations')
    op.drop_table('flat_status_history')
    op.drop_table('call_flats')
    op.drop_table('applications')
    op.drop_table('tenant_reports')
    op.drop_table('inspections')
    op.drop_table('flats')
    op.drop_table('milestones')
    op.drop_table('funding_acts')
    op.drop_table('buildings')
    op.drop_table('allocations')
    op.drop_table('programmes')
    op.drop_table('places')
    op.drop_table('rioni')
    op.drop_table('actions')
    op.drop_table('saved_views')
    op.drop_table('offices')
    op.drop_table('decisions')
    op.drop_table('consulte')
    op.drop_table('calls')
    op.drop_table('tavolo_meta')
    op.drop_table('owners')
    op.drop_table('meetings')
    op.drop_table('comuni')
    op.drop_table('change_log')
