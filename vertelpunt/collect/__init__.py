"""The public Vertelpunt: share an experience and give it meaning (delen en duiden)."""
