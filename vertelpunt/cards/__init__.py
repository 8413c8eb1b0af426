"""Patterns pages and observation cards (observatiekaarten): scanning, marking, drafting and publishing."""
