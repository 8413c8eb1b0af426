"""answer_tallies, tally_stamps: running counts of published stories' answers for the dashboard

Revision ID: 0023
Revises: 0022

Per project, region, role and completeness the number of published stories that gave each answer (and a
triad's summed shares), with a fingerprint of the published stories they count. Empty after the upgrade:
the first dashboard view finds no stamp, counts live and asks the worker to fill them.
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'answer_tallies',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=40), nullable=False),
        sa.Column('is_complete', sa.Boolean(), nullable=False),
        sa.Column('question_key', sa.String(length=60), nullable=False),
        sa.Column('value', sa.String(length=100), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('sum_a', sa.Float(), nullable=True),
        sa.Column('sum_b', sa.Float(), nullable=True),
        sa.Column('sum_c', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_answer_tallies_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('project_id', 'region_id', 'role', 'is_complete', 'question_key', 'value',
                                name=op.f('pk_answer_tallies')),
    )
    op.create_table(
        'tally_stamps',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('stories', sa.BigInteger(), nullable=False),
        sa.Column('id_sum', sa.BigInteger(), nullable=False),
        sa.Column('hash_sum', sa.BigInteger(), nullable=False),
        sa.Column('complete_sum', sa.BigInteger(), nullable=False),
        sa.Column('last_public_id', sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_tally_stamps_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('project_id', name=op.f('pk_tally_stamps')),
    )


def downgrade() -> None:
    op.drop_table('tally_stamps')
    op.drop_table('answer_tallies')
