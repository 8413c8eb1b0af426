"""proposal_measures: what a proposal means to change (questions, direction, regions, from when)

Revision ID: 0019
Revises: 0018

One row per proposal that names its re-measurement; the before/after comparison is computed from the stories
whenever the proposal's page is shown, so a withdrawn or hidden story leaves it at once.
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'proposal_measures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('region_keys', sa.JSON(), nullable=False),
        sa.Column('questions', sa.JSON(), nullable=False),
        sa.Column('updated_by', sa.String(length=254), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'],
                                name=op.f('fk_proposal_measures_proposal_id_proposals'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_measures')),
        sa.UniqueConstraint('proposal_id', name=op.f('uq_proposal_measures_proposal_id')),
    )


def downgrade() -> None:
    op.drop_table('proposal_measures')
