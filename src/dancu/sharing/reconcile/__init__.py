"""Batch reconciliation (đối soát): another database's rows compared with the register, per row."""
