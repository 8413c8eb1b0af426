"""who is responsible for a project's stories: controller, contact, DPO, retention period

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

COLUMNS = (('privacy_controller', 200), ('privacy_contact', 300), ('privacy_dpo', 300), ('privacy_retention', 100))


def upgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
