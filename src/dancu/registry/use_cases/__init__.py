"""The register's use cases: one named function per read or write of personal data.

Each takes the actor, resolves every person it touches (the PIN in the path, PINs in the body,
the members of a household it shows), checks each against the actor's territory, takes the audit
chain locks in one order (ADR 0004), writes the log entries and returns what the caller may show.
API routes and pages call these and render; they do not check or log on their own.
"""
