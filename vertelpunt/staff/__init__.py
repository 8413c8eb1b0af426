"""The staff area's start page."""
