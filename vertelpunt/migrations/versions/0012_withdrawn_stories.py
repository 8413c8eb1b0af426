"""withdrawn stories, as keyed hashes, so a restore cannot bring them back

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'withdrawn_stories',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_withdrawn_stories')),
    )


def downgrade() -> None:
    op.drop_table('withdrawn_stories')
