"""OIDC signing keys are encrypted at rest with DANCU_OIDC_KEY_PASSPHRASE; the issuer can be set
with DANCU_OIDC_ISSUER (discovery and tokens), else it is the request's base URL."""

from __future__ import annotations

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.errors import DomainError
from dancu.identity.oidc import keys, tokens
from dancu.identity.oidc.models import SigningKey
from dancu.settings import Settings

ISSUER = "https://id.dancu.gov.vn"


async def test_a_new_key_is_stored_encrypted_and_still_signs(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "mot-cum-tu-bi-mat-rat-dai")
    key, _ = await keys.rotate(session)
    assert key.private_jwk is None
    assert key.private_pem is not None and key.private_pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert '"d"' not in str(key.public_jwk)
    signed = await tokens.sign(session, {"sub": "x", "iss": ISSUER}, typ="JWT")
    verified = jwt.decode(signed, await keys.verification_keys(session), algorithms=["ES256"])
    assert verified.claims["sub"] == "x" and verified.header["kid"] == key.kid
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "sai-cum-tu")
    with pytest.raises(DomainError) as wrong:
        keys.private_key(key)
    assert wrong.value.code == "oidc.key_passphrase" and wrong.value.status == 503
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    with pytest.raises(DomainError):
        keys.private_key(key)


async def test_without_a_passphrase_the_pem_is_plain_and_old_jwk_keys_still_load(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    key, _ = await keys.rotate(session)
    assert key.private_pem is not None and key.private_pem.startswith("-----BEGIN PRIVATE KEY-----")
    legacy = ECKey.generate_key("P-256", private=True, auto_kid=True)
    row = SigningKey(
        kid=legacy.kid,
        alg=keys.ALG,
        private_jwk=dict(legacy.as_dict(private=True)),
        private_pem=None,
        public_jwk=dict(legacy.as_dict(private=False)),
        created_at=now_utc(),
    )
    assert keys.private_key(row).as_dict(private=False) == legacy.as_dict(private=False)


def test_the_issuer_setting_is_checked() -> None:
    assert Settings(oidc_issuer=ISSUER).oidc_issuer == ISSUER
    assert Settings().oidc_issuer is None
    with pytest.raises(ValidationError):
        Settings(oidc_issuer="id.dancu.gov.vn/no-scheme")


@pytest.fixture
def settings(database_urls: dict[str, str], backend: str) -> Settings:
    return Settings(database_url=database_urls[backend], cookie_secure=False, oidc_issuer=ISSUER + "/")


async def test_discovery_names_the_configured_issuer(client: httpx.AsyncClient) -> None:
    config = (await client.get("/.well-known/openid-configuration")).json()
    assert config["issuer"] == ISSUER
    assert config["token_endpoint"] == f"{ISSUER}/oidc/token"
    assert config["jwks_uri"] == f"{ISSUER}/oidc/jwks"
