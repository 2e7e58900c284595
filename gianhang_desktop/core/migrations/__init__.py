"""Alembic migrations of the app database."""
