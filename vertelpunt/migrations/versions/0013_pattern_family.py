"""one family per project: expected links, the LORD++ state per project, power and online verdicts per scan

Revision ID: 0013
Revises: 0012

Adds ``story_forms.expected`` (question pairs a form relates on purpose), the verdict "verwacht",
``expected_links`` (pairs analysts judged expected, carried to later scans), ``project_fdr_states`` (the
online false-discovery state of each project's stream of scans) and three JSON columns on
``pattern_runs`` (expected pairs, smallest detectable effects, project-wide verdicts). Earlier scans keep
NULL there: they were never part of a project's stream.
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

OLD_VERDICTS = "verdict IN ('opvallend', 'misschien', 'nee')"
NEW_VERDICTS = "verdict IN ('opvallend', 'misschien', 'nee', 'verwacht')"


def upgrade() -> None:
    with op.batch_alter_table('story_forms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected', sa.JSON(), nullable=True))
    with op.batch_alter_table('pattern_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('power', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('online', sa.JSON(), nullable=True))
    with op.batch_alter_table('pattern_marks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_pattern_marks_known_verdict'), type_='check')
        batch_op.create_check_constraint('known_verdict', NEW_VERDICTS)
    op.create_table(
        'project_fdr_states',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('alpha', sa.Float(), nullable=False),
        sa.Column('w0', sa.Float(), nullable=False),
        sa.Column('tests', sa.Integer(), nullable=False),
        sa.Column('rejections', sa.JSON(), nullable=False),
        sa.Column('spent', sa.Float(), nullable=False),
        sa.Column('scans', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_fdr_states_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('project_id', name=op.f('pk_project_fdr_states')),
    )
    op.create_table(
        'expected_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('question_a', sa.String(length=60), nullable=False),
        sa.Column('question_b', sa.String(length=60), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.Column('marked_by', sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_expected_links_project_id_projects'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['pattern_runs.id'], name=op.f('fk_expected_links_run_id_pattern_runs'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_expected_links')),
        sa.UniqueConstraint('project_id', 'question_a', 'question_b',
                            name=op.f('uq_expected_links_project_id_question_a_question_b')),
    )
    with op.batch_alter_table('expected_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expected_links_project_id'), ['project_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('expected_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expected_links_project_id'))
    op.drop_table('expected_links')
    op.drop_table('project_fdr_states')
    op.execute("DELETE FROM pattern_marks WHERE verdict = 'verwacht'")
    with op.batch_alter_table('pattern_marks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_pattern_marks_known_verdict'), type_='check')
        batch_op.create_check_constraint('known_verdict', OLD_VERDICTS)
    with op.batch_alter_table('pattern_runs', schema=None) as batch_op:
        batch_op.drop_column('online')
        batch_op.drop_column('power')
        batch_op.drop_column('expected')
    with op.batch_alter_table('story_forms', schema=None) as batch_op:
        batch_op.drop_column('expected')
