"""Writes of the register. Each takes the actor, records its event and flushes; callers commit."""
