"""The audit trail: staff actions recorded beside the change they describe (services), and the admins' log page (routes)."""
