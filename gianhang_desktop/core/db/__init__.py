"""Database plumbing: declarative base, engines, the SQLite-specific corner, migrations."""
