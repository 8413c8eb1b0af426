"""week_sums: published stories' numeric answers summed per question, region, week and chart bin

Revision ID: 0027
Revises: 0026

What a proposal's re-measurement compares, kept with the answer tallies (vertelpunt/insights/week_sums.py)
and valid under their stamp. The new table starts empty, so the stamps are removed: the pages count live until
the worker's clean-up (or ``vertelpunt maintenance``) recounts tallies and week sums together.
"""
import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'week_sums',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('question_key', sa.String(length=60), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('week', sa.Date(), nullable=False),
        sa.Column('bin', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('total', sa.Float(), nullable=False),
        sa.Column('squares', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_week_sums_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('project_id', 'question_key', 'region_id', 'week', 'bin', name=op.f('pk_week_sums')),
    )
    op.execute("DELETE FROM tally_stamps")


def downgrade() -> None:
    op.drop_table('week_sums')
