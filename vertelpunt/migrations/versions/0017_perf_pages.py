"""the scan page's charts stored with their pattern run, and an index in the story lists' order

Revision ID: 0017_perf
Revises: 0016

``pattern_run_charts`` holds per pattern run the chart specs of its notable patterns (with and without small
groups hidden) and the fingerprint of the stories they were drawn from. The scan job draws them while it
has the stories loaded anyway, so the scan page no longer loads every story on its first view (45 s at
100,000 stories); a run from before this migration gets its charts from a job on its first view.

``ix_stories_listing`` (project_id, status, week, id) is the story lists' order (newest week first, then id):
a page of 25 reads 25 rows along the index instead of sorting every selected story.
"""
from alembic import op
import sqlalchemy as sa


revision = '0017_perf'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'pattern_run_charts',
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('stamp', sa.JSON(), nullable=False),
        sa.Column('min_group', sa.Integer(), nullable=False),
        sa.Column('specs', sa.JSON(), nullable=False),
        sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['pattern_runs.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id'),
    )
    op.create_index('ix_stories_listing', 'stories', ['project_id', 'status', 'week', 'id'])


def downgrade() -> None:
    op.drop_index('ix_stories_listing', table_name='stories')
    op.drop_table('pattern_run_charts')
