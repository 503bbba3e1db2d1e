"""argon2id cost: cheap in the test suite, production parameters everywhere else, nothing at import."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import argon2
import pytest

from dancu.identity import passwords
from dancu.settings import PasswordHashProfile, Settings

# A fresh interpreter without the test suite's environment, as `dancu` runs on a server: it counts
# the hashes made while importing the app and the command line, then hashes one password.
_OUTSIDE_THE_TESTS = """
import json
import argon2

made = []
real_hash = argon2.PasswordHasher.hash

def counting_hash(self, password, *, salt=None):
    made.append(password)
    return real_hash(self, password, salt=salt)

argon2.PasswordHasher.hash = counting_hash
import dancu.app
import dancu.cli.main
at_import = len(made)
from dancu.identity.passwords import hash_password
print(json.dumps({"hashes_at_import": at_import, "hash": hash_password("mat-khau-rat-dai-123")}))
"""


@pytest.fixture(scope="module")
def outside_the_tests() -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANCU_")}
    run = subprocess.run(
        [sys.executable, "-c", _OUTSIDE_THE_TESTS], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    out: dict[str, object] = json.loads(run.stdout)
    return out


def test_outside_the_tests_passwords_are_hashed_at_production_cost(
    outside_the_tests: dict[str, object],
) -> None:
    params = argon2.extract_parameters(str(outside_the_tests["hash"]))
    assert params.type is argon2.Type.ID
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 4)
    assert (params.salt_len, params.hash_len) == (16, 32)


def test_importing_the_app_and_the_command_line_hashes_nothing(outside_the_tests: dict[str, object]) -> None:
    assert outside_the_tests["hashes_at_import"] == 0


def test_the_test_suite_hashes_at_the_cheap_cost() -> None:
    params = argon2.extract_parameters(passwords.hash_password("mat-khau-rat-dai-123"))
    assert (params.time_cost, params.memory_cost, params.parallelism) == (1, 8, 1)


def test_an_unknown_user_costs_one_verification_against_a_hash_made_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passwords._unknown_user_hash.cache_clear()
    made: list[str] = []
    verified: list[str] = []
    real_hash, real_verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify

    def counting_hash(self: argon2.PasswordHasher, password: str, *, salt: bytes | None = None) -> str:
        made.append(password)
        return real_hash(self, password, salt=salt)

    def recording_verify(self: argon2.PasswordHasher, hash: str, password: str) -> bool:
        verified.append(hash)
        return real_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", counting_hash)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", recording_verify)
    assert not passwords.verify_password(None, "dancu-timing-equaliser")
    assert not passwords.verify_password(None, "mat-khau-rat-dai-123")
    assert len(made) == 1 and len(verified) == 2 and verified[0] == verified[1]
    own = argon2.extract_parameters(passwords.hash_password("x"))
    assert argon2.extract_parameters(verified[0]) == own


def test_a_known_password_verifies_and_a_wrong_one_does_not() -> None:
    stored = passwords.hash_password("mat-khau-rat-dai-123")
    assert passwords.verify_password(stored, "mat-khau-rat-dai-123")
    assert not passwords.verify_password(stored, "mat-khau-sai")
    assert not passwords.verify_password("not-a-hash", "mat-khau-rat-dai-123")


def test_a_test_cost_hash_is_rehashed_under_production() -> None:
    cheap = passwords._make_hasher(PasswordHashProfile.TEST).hash("mat-khau-rat-dai-123")
    assert passwords._make_hasher(PasswordHashProfile.PRODUCTION).check_needs_rehash(cheap)


def test_an_unknown_profile_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DANCU_PASSWORD_HASH_PROFILE", "cheap")
    with pytest.raises(ValueError, match="password_hash_profile"):
        Settings()
