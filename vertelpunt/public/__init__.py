"""Public pages that need no account."""
