"""`dancu documents …` as an operator runs it: keys made once, encrypted, rotated; the root printed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import run_cli, sqlite_url


def test_init_keys_is_idempotent_encrypts_and_rotation_keeps_certificates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "docs.sqlite3"
    url = sqlite_url(db)
    assert run_cli("db", "upgrade", database_url=url).exit_code == 0
    with monkeypatch.context() as env:
        env.setenv("DANCU_DOCUMENT_KEY_PASSPHRASE", "cum-tu-cua-nguoi-van-hanh")
        first = run_cli("documents", "init-keys", database_url=url)
        assert first.exit_code == 0, first.stderr
        made = json.loads(first.stdout)
        again = json.loads(run_cli("documents", "init-keys", database_url=url).stdout)
        assert made["created"] is True and again["created"] is False
        assert (
            again["signing_key_id"] == made["signing_key_id"] and again["root_sha256"] == made["root_sha256"]
        )
        rotated = run_cli("documents", "rotate-key", database_url=url)
        assert rotated.exit_code == 0, rotated.stderr
        assert json.loads(rotated.stdout)["signing_key_id"] != made["signing_key_id"]
        root = run_cli("documents", "root-certificate", database_url=url)
        assert root.stdout.startswith("-----BEGIN CERTIFICATE-----")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT role, retired_at IS NOT NULL, private_key FROM document_signing_key"
        ).fetchall()
        events = conn.execute("SELECT event_type FROM event WHERE event_type LIKE 'documents.%'").fetchall()
    assert sorted((role, retired) for role, retired, _ in rows) == [
        ("root", 0),
        ("signing", 0),
        ("signing", 1),
    ]
    assert all(key is None or "ENCRYPTED PRIVATE KEY" in key for _, _, key in rows)
    assert sorted(e for (e,) in events) == ["documents.key_rotated", "documents.keys_created"]
    # Without the passphrase the key cannot be used: rotation fails instead of signing with garbage.
    failed = run_cli("documents", "rotate-key", database_url=url)
    assert failed.exit_code != 0 and "documents.key_unreadable" in failed.stderr
