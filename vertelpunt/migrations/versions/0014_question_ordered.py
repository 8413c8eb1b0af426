"""ordered choices: a single choice can mark its options as ordered, and name the ones outside the order

Revision ID: 0014
Revises: 0013

Adds ``questions.ordered`` (false for every stored question: their forms did not say) and
``questions.off_scale`` (NULL: no options outside the order). The pattern scan merges sparse options of an
ordered choice only with a neighbour and tests a trend along the order (docs/patterns.md).
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ordered', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('off_scale', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('off_scale')
        batch_op.drop_column('ordered')
