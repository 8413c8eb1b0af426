"""proposal_plans, proposal_tasks, proposal_conditions, plan_reminders: from proposal to plan

Revision ID: 0020
Revises: 0019

A chosen proposal gets tasks (own owner and due date), preconditions (met or not) and a rhythm for progress
updates; ``plan_reminders`` keeps every reminder e-mail that was sent, so the daily run sends each once.
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def _proposal_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f(f'fk_{table}_proposal_id_proposals'),
                                   ondelete='CASCADE')


def upgrade() -> None:
    op.create_table(
        'proposal_plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.Column('update_every_weeks', sa.Integer(), nullable=True),
        sa.Column('reminders_agreed', sa.Boolean(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        _proposal_fk('proposal_plans'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_plans')),
        sa.UniqueConstraint('proposal_id', name=op.f('uq_proposal_plans_proposal_id')),
    )
    op.create_table(
        'proposal_tasks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('owner_name', sa.String(length=120), nullable=False),
        sa.Column('owner_email', sa.String(length=254), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('done_on', sa.Date(), nullable=True),
        _proposal_fk('proposal_tasks'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_tasks')),
    )
    op.create_index(op.f('ix_proposal_tasks_proposal_id'), 'proposal_tasks', ['proposal_id'])
    op.create_table(
        'proposal_conditions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('met', sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ('budget', 'capacity', 'decision', 'other')",
                           name=op.f('ck_proposal_conditions_known_kind')),
        _proposal_fk('proposal_conditions'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_conditions')),
    )
    op.create_index(op.f('ix_proposal_conditions_proposal_id'), 'proposal_conditions', ['proposal_id'])
    op.create_table(
        'plan_reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=40), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('stage', sa.String(length=10), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        _proposal_fk('plan_reminders'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_reminders')),
        sa.UniqueConstraint('proposal_id', 'subject', 'due_on', 'stage',
                            name=op.f('uq_plan_reminders_proposal_id_subject_due_on_stage')),
    )
    op.create_index(op.f('ix_plan_reminders_proposal_id'), 'plan_reminders', ['proposal_id'])


def downgrade() -> None:
    for table in ('plan_reminders', 'proposal_conditions', 'proposal_tasks', 'proposal_plans'):
        op.drop_table(table)
