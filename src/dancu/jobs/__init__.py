"""Background jobs: a database-backed queue and its worker (SKIP LOCKED on PostgreSQL)."""
