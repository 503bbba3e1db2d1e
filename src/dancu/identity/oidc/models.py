"""Tables of the OpenID Connect provider.

Secrets (authorization codes, refresh tokens) are stored only as SHA-256 hashes. Signing keys are
stored as JWKs in the database (see docs/adr/0005-oidc-provider.md for why, and what production
changes).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dancu.db.base import Base, str_enum


class ClientKind(StrEnum):
    RELYING_PARTY = "relying_party"  # logs citizens in and receives consented claims (eKYC)
    MACHINE = "machine"  # an organisation's system calling the APIs directly (client_credentials)


class ClientAuthMethod(StrEnum):
    PRIVATE_KEY_JWT = "private_key_jwt"  # RFC 7523 client assertion signed with a key in ``jwks``
    NONE = "none"  # public client (mobile or browser app): PKCE is its only proof


class OidcClient(Base):
    __tablename__ = "oidc_client"
    __table_args__ = (Index("ix_oidc_client_organisation_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    kind: Mapped[ClientKind] = mapped_column(str_enum(ClientKind))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The claims the client may ever ask for; each release still needs the citizen's consent.
    allowed_claims: Mapped[list[str]] = mapped_column(JSON, default=list)
    token_endpoint_auth_method: Mapped[ClientAuthMethod] = mapped_column(str_enum(ClientAuthMethod))
    # The client's public keys (a JWK set) for private_key_jwt.
    jwks: Mapped[dict[str, Any] | None]
    # The algorithm of the client's ID tokens (OIDC Dynamic Client Registration §2): RS256 unless
    # the client registered ES256.
    id_token_signed_response_alg: Mapped[str] = mapped_column(String(10), default="RS256")
    # Where RP-initiated logout may send the user back to (OIDC RP-Initiated Logout 1.0 §3.1).
    post_logout_redirect_uris: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime]


class SigningKey(Base):
    """A key that signs ID and access tokens; retired keys stay published for an overlap period."""

    __tablename__ = "oidc_signing_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    alg: Mapped[str] = mapped_column(String(10))
    # Keys made before migration 0006 held their private half here, in clear; now None.
    private_jwk: Mapped[dict[str, Any] | None]
    # PKCS#8 PEM, encrypted with DANCU_OIDC_KEY_PASSPHRASE when set (see identity.oidc.keys).
    private_pem: Mapped[str | None] = mapped_column(Text)
    public_jwk: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime]
    retired_at: Mapped[dt.datetime | None]


class Subject(Base):
    """The pairwise subject identifier of an account at one organisation (never the PIN)."""

    __tablename__ = "oidc_subject"
    __table_args__ = (UniqueConstraint("account_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sub: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))


class Consent(Base):
    """A citizen's consent that a client may receive some claims (Luật Căn cước Điều 10 khoản 8)."""

    __tablename__ = "oidc_consent"
    __table_args__ = (Index("ix_oidc_consent_account_id_client_id", "account_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("oidc_client.id"))
    claims: Mapped[list[str]] = mapped_column(JSON, default=list)
    granted_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class AuthorizationCode(Base):
    __tablename__ = "oidc_authorization_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Tokens issued from this code share its family, so a replayed code revokes them all.
    family: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("oidc_client.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    redirect_uri: Mapped[str] = mapped_column(String(500))
    code_challenge: Mapped[str] = mapped_column(String(128))
    nonce: Mapped[str | None] = mapped_column(String(255))
    acr: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    claims: Mapped[list[str]] = mapped_column(JSON, default=list)
    auth_time: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class RefreshToken(Base):
    __tablename__ = "oidc_refresh_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("oidc_client.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    acr: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    claims: Mapped[list[str]] = mapped_column(JSON, default=list)
    auth_time: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    # Set when the token is exchanged for its successor; presenting it again is a replay.
    rotated_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class AssertionJti(Base):
    """Client-assertion identifiers already seen, kept until the assertion expires (RFC 7523 §3)."""

    __tablename__ = "oidc_assertion_jti"
    __table_args__ = (UniqueConstraint("client_id", "jti"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("oidc_client.id"))
    jti: Mapped[str] = mapped_column(String(255))
    expires_at: Mapped[dt.datetime]
