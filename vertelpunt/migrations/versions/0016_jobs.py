"""background jobs: a row per job (who, when, state, progress, result) and the bytes of its file

Revision ID: 0016
Revises: 0015

``jobs`` records long work started from the web (decks, reports) and run by ``vertelpunt worker``;
``job_results`` holds the file a job made, apart, so lists of jobs never read the bytes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('steps_done', sa.Integer(), nullable=False),
        sa.Column('steps_total', sa.Integer(), nullable=False),
        sa.Column('step_text', sa.String(length=200), nullable=False),
        sa.Column('message', sa.String(length=500), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('story_ids', sa.JSON(), nullable=True),
        sa.Column('result_name', sa.String(length=200), nullable=True),
        sa.Column('result_type', sa.String(length=100), nullable=True),
        sa.Column('result_size', sa.Integer(), nullable=True),
        sa.Column('result_url', sa.String(length=300), nullable=True),
        sa.CheckConstraint("state IN ('wachtrij', 'bezig', 'klaar', 'mislukt')", name=op.f('ck_jobs_known_state')),
        sa.CheckConstraint('steps_done >= 0 AND steps_done <= steps_total', name=op.f('ck_jobs_steps_in_range')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_jobs_user_id_users'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_jobs_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_project_id'), ['project_id'], unique=False)
    op.create_table(
        'job_results',
        sa.Column('job_id', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_results_job_id_jobs'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('job_id', name=op.f('pk_job_results')),
    )


def downgrade() -> None:
    op.drop_table('job_results')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_project_id'))
        batch_op.drop_index(batch_op.f('ix_jobs_user_id'))
    op.drop_table('jobs')
