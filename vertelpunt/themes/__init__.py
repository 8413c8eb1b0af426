"""Themes: topics found in story texts (NMF over TF-IDF), stored so a thematic subset can be scanned again."""
