"""Exports of observation cards: standalone HTML, print-ready tagged PDF (WeasyPrint) and decks as PDF/ZIP."""
