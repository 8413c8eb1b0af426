"""Moderation: the queue, redaction and detection of likely personal data."""
