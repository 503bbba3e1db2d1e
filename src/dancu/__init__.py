"""dancu — Vietnam's National Population Database and the platform for exploiting it."""

__version__ = "0.1.0"
