"""story_forms.translations: the form's texts in other languages

Revision ID: 0022
Revises: 0021

Tellers choose a language; the form file carries a translation per role, prompt, question and option, and
the form version keeps them in one JSON column (None for a form in one language), so modules stay shared.
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('story_forms') as batch:
        batch.add_column(sa.Column('translations', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('story_forms') as batch:
        batch.drop_column('translations')
