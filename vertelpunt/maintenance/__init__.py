"""Keeping the data safe over time: backup and restore, retention (purge) and forgetting withdrawn stories."""
