"""Scheduled execution: claim due runs in batches, send them, settle them, tell the users."""
