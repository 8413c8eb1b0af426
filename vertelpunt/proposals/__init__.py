"""Verbetervoorstellen: proposals with owners, their status rules, progress updates, the public follow-up
page and the session and progress reports."""
