"""Access: local accounts (users), sign-in and permission events (auth_events) and the
sign-in sessions (auth_sessions), read and written by tavolo.auth only. Created only when
missing, like the baseline: a database made by create_all and adopted may have them.

Revision ID: 0003
Revises: 0002
Created: 2026-12-02 06:27:34.097205
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auth_events',
    sa.Column('event_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_name', sa.String(length=120), nullable=True),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('event_id'),
    if_not_exists=True,
    )
    op.create_table('auth_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('token_hash'),
    if_not_exists=True,
    )
    op.create_table('users',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('display_name', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False),  # PostgreSQL: no integer default on a boolean
    sa.Column('failed_attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name'),
    if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table('users')
    op.drop_table('auth_sessions')
    op.drop_table('auth_events')
