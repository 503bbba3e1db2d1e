"""dancu.sealing: secrets at rest open only with their key and purpose; rotation; keyed digests."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from dancu import sealing
from dancu.sealing import Keyring, SealingError
from dancu.settings import DeploymentMode, Settings

OLD = Keyring(keys={"k1": b"\x01" * 32}, active="k1")
NEW = Keyring(keys={"k2": b"\x02" * 32, "k1": b"\x01" * 32}, active="k2")


def test_a_sealed_text_hides_the_value_and_opens_with_its_purpose_only() -> None:
    sealed = sealing.seal_text("JBSWY3DPEHPK3PXP", purpose="account.totp_secret", ring=OLD)
    assert "JBSWY3DPEHPK3PXP" not in sealed and sealed.startswith("s1.k1.")
    assert sealing.open_text(sealed, purpose="account.totp_secret", ring=OLD) == "JBSWY3DPEHPK3PXP"
    assert sealed != sealing.seal_text("JBSWY3DPEHPK3PXP", purpose="account.totp_secret", ring=OLD)
    with pytest.raises(SealingError) as moved:
        sealing.open_text(sealed, purpose="feed_subscription.webhook_secret", ring=OLD)
    assert moved.value.code == "sealing.altered"


def test_altered_or_clear_values_do_not_open() -> None:
    sealed = sealing.seal_bytes(b"%PDF-1.7 proof", purpose="p", context="digest", ring=OLD)
    flipped = sealed[:-1] + bytes([sealed[-1] ^ 1])
    for bad, code in ((flipped, "sealing.altered"), (b"%PDF-1.7 proof", "sealing.not_sealed")):
        with pytest.raises(SealingError) as refused:
            sealing.open_bytes(bad, purpose="p", context="digest", ring=OLD)
        assert refused.value.code == code
    with pytest.raises(SealingError):
        sealing.open_bytes(sealed, purpose="p", context="another digest", ring=OLD)
    with pytest.raises(SealingError) as clear:
        sealing.open_text("JBSWY3DPEHPK3PXP", purpose="p", ring=OLD)
    assert clear.value.code == "sealing.not_sealed"


def test_rotation_seals_with_the_first_key_and_opens_with_every_key() -> None:
    old = sealing.seal_text("whsec_abc", purpose="p", ring=OLD)
    assert sealing.open_text(old, purpose="p", ring=NEW) == "whsec_abc"
    assert sealing.key_id_of_text(sealing.seal_text("whsec_abc", purpose="p", ring=NEW)) == "k2"
    with pytest.raises(SealingError) as unknown:
        sealing.open_text(sealing.seal_text("x", purpose="p", ring=NEW), purpose="p", ring=OLD)
    assert unknown.value.code == "sealing.unknown_key"


def test_keyed_digests_are_not_bare_hashes_and_survive_rotation() -> None:
    inner = hashlib.sha256(b"7:login:123456").hexdigest()
    stored = sealing.keyed_digest(inner, ring=OLD)
    assert stored != inner and stored != hashlib.sha256(inner.encode()).hexdigest()
    assert sealing.digest_matches(stored, inner, ring=NEW)
    assert not sealing.digest_matches(stored, hashlib.sha256(b"7:login:123457").hexdigest(), ring=NEW)
    assert not sealing.digest_matches(stored, inner, ring=Keyring(keys={"k3": b"\x03" * 32}, active="k3"))


def test_keys_come_from_the_file_and_production_has_no_default(tmp_path: Path) -> None:
    keys = tmp_path / "sealing.keys"
    keys.write_text(f"# rotated 2026-12\n{sealing.new_key_line('k2')}\n{sealing.new_key_line('k1')}\n")
    ring = sealing.load_keyring(Settings(sealing_keys_file=keys, mode=DeploymentMode.PRODUCTION))
    assert ring.active == "k2" and set(ring.keys) == {"k1", "k2"}
    with pytest.raises(SealingError) as none:
        sealing.load_keyring(Settings(mode=DeploymentMode.PRODUCTION))
    assert none.value.code == "sealing.no_keys"
    development = sealing.load_keyring(Settings(mode=DeploymentMode.DEVELOPMENT))
    assert development.active == sealing.DEV_KEY_ID


@pytest.mark.parametrize(
    "content",
    ["k1 notbase64!", f"k1 {base64.b64encode(b'short').decode()}", "bad id! " + "A" * 44, "", "k1"],
)
def test_a_malformed_keys_file_is_refused_with_its_line(content: str) -> None:
    with pytest.raises(SealingError) as refused:
        sealing.parse_keys(content)
    assert refused.value.code == "sealing.bad_keys_file"


def test_the_new_key_command_prints_a_line_the_keys_file_accepts() -> None:
    from tests.support.cli import run_cli

    made = run_cli("sealing", "new-key", "k9")
    assert made.exit_code == 0, made.output
    assert sealing.parse_keys(made.stdout).active == "k9"
    refused = run_cli("sealing", "new-key", "bad id")
    assert refused.exit_code == 1 and "sealing.bad_key_id" in refused.stderr
