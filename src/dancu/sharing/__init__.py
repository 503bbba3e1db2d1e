"""Sharing with other databases: change feed, webhooks, reconciliation, QCVN 109 messages."""
