"""Projects: Vertelpunt campaigns with their regions and form."""
