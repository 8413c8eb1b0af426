"""Insights: turning published stories into analysis input and storing pattern runs."""
