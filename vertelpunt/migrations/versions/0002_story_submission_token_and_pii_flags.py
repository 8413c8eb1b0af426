"""story submission token and pii flags

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('pii_kinds', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stories_withdrawal_hash'), ['withdrawal_hash'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_stories_submission_hash'), ['submission_hash'])



def downgrade() -> None:
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_stories_submission_hash'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_stories_withdrawal_hash'))
        batch_op.drop_column('pii_kinds')
        batch_op.drop_column('submission_hash')

