"""Organisations of groups k2–k4: their mandates, sub-accounts and portal accounts (requested by a
level-2 legal representative), with their API, pages and the demo organisations.

The access kernel (``dancu.access``) holds what every package checks against — the actor,
permissions, groups, the channel matrix, policies and the organisation table itself; this package
holds the procedures that change them.
"""
