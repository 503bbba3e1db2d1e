"""The test suite. Imported before any conftest, so settings read here hold for every dancu import.

Passwords are hashed at the cheap ``test`` argon2 cost in this process and in every ``dancu`` process
a test starts (they inherit the environment); production keeps the default cost, which
tests/unit/test_passwords.py checks in a process without this variable.
"""

import os

os.environ.setdefault("DANCU_PASSWORD_HASH_PROFILE", "test")
# The suite runs in development mode: no sealing keys file or key passphrases to provide.
os.environ.setdefault("DANCU_MODE", "development")
