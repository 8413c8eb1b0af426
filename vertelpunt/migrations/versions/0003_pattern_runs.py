"""pattern runs

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pattern_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('n_stories', sa.Integer(), nullable=False),
    sa.Column('n_notable', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['story_forms.id'], name=op.f('fk_pattern_runs_form_id_story_forms')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_pattern_runs_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pattern_runs'))
    )
    with op.batch_alter_table('pattern_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pattern_runs_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pattern_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pattern_runs_project_id'))

    op.drop_table('pattern_runs')
