"""Words shared across feature packages (the register's items and kinds, document kinds).

They sit below every feature package, so that ``pin``, ``access`` and the identity app can name an
item or a document kind without importing the feature that owns the rows.
"""
