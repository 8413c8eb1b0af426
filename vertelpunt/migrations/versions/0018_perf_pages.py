"""the scan page's charts stored with their pattern run, and indexes for the story lists and dashboard counts

Revision ID: 0018
Revises: 0017

``pattern_run_charts`` holds per pattern run the chart specs of its notable patterns (with and without small
groups hidden) and the fingerprint of the stories they were drawn from. The scan job draws them while it
has the stories loaded anyway, so the scan page no longer loads every story on its first view (45 s at
100,000 stories); a run from before this migration gets its charts from a job on its first view.

``ix_stories_listing`` (project_id, status, week, id) is the story lists' order (newest week first, then id):
a page of 25 reads 25 rows along the index instead of sorting every selected story. With it SQLite chose that
index for the counts per week too (not covering: 40 ms instead of 1 ms at 10,000 stories), so
``ix_stories_weeks`` (project_id, status, is_complete, week) covers those. ``ix_answers_option_story``
(question_key, option_key, story_id) replaces ``ix_answers_question_option`` (question_key, option_key): the
same prefix for the choice filter, and covering for the stories per option of the dashboard's "per soort hulp"
(58 ms to 10 ms at 10,000 stories).
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
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
    op.create_index('ix_stories_weeks', 'stories', ['project_id', 'status', 'is_complete', 'week'])
    op.create_index('ix_answers_option_story', 'answers', ['question_key', 'option_key', 'story_id'])
    op.drop_index('ix_answers_question_option', table_name='answers')


def downgrade() -> None:
    op.create_index('ix_answers_question_option', 'answers', ['question_key', 'option_key'])
    op.drop_index('ix_answers_option_story', table_name='answers')
    op.drop_index('ix_stories_weeks', table_name='stories')
    op.drop_index('ix_stories_listing', table_name='stories')
    op.drop_table('pattern_run_charts')
