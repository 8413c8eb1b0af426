"""Regions and municipalities, loaded from vertelpunt/data/regions.yaml."""
