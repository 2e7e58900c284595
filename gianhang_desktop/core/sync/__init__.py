"""Sync with the national store: the outbox written with each change, and the sync engine."""
