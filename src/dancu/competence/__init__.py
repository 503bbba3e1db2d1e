"""The competent person: officers' positions, written delegations and staff proposals (domain.md §3.3)."""
