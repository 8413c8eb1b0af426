"""story_forms.narrafirma: how to read NarraFirma's stories file for a form imported from NarraFirma

Revision ID: 0017
Revises: 0016

A NarraFirma story form says how its data file is laid out (column names, indexed answers, the scale range,
the multi-choice layouts); a Vertelpunt form cannot say that, so the NarraFirma import keeps it here as JSON.
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('story_forms') as batch:
        batch.add_column(sa.Column('narrafirma', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('story_forms') as batch:
        batch.drop_column('narrafirma')
