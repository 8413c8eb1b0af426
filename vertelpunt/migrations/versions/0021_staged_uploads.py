"""staged_uploads: an uploaded story file between its preview and its confirmation, in the database

Revision ID: 0021
Revises: 0020

Replaces the files in the instance folder (admin-uploads/), which only the server that received the
upload could read. A row holds the token's hash, the admin, the project, the format and its settings, the
bytes, and when it came (to the minute); the periodic clean-up deletes rows older than an hour.
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staged_uploads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('format', sa.String(length=40), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staged_uploads_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_staged_uploads_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staged_uploads')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_staged_uploads_token_hash')),
    )
    with op.batch_alter_table('staged_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staged_uploads_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staged_uploads_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staged_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staged_uploads_created_at'))
        batch_op.drop_index(batch_op.f('ix_staged_uploads_user_id'))
    op.drop_table('staged_uploads')
