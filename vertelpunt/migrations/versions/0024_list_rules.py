"""list_rules: the small-group rule of a story list, kept for the story page

Revision ID: 0024
Revises: 0023

The story page applies the rule of the list it was opened from; over 10,000 stories working it out takes
seconds, so a job works it out once and stores it here with a stamp of the stories it was made from.
"""
import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'list_rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('stamp', sa.JSON(), nullable=False),
        sa.Column('rule', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_list_rules_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_list_rules')),
        sa.UniqueConstraint('project_id', 'key', name=op.f('uq_list_rules_project_id_key')),
    )


def downgrade() -> None:
    op.drop_table('list_rules')
