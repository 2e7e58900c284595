"""Several PCs on the cooperative's PostgreSQL server: where it is and its password (connection),
the connection test (check), setting up an empty database (setup), live changes from the other
PCs (changefeed) and backups with pg_dump (dump)."""
