"""API contract of client registration."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dancu.identity.oidc.claims import Claim
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind, OidcClient


def _check_redirect_uri(uri: str) -> str:
    parts = urlsplit(uri)
    local = parts.hostname in ("localhost", "127.0.0.1")
    if parts.fragment or not parts.netloc or parts.scheme not in ("https", "http"):
        raise ValueError("oidc_redirect_uri")
    if parts.scheme == "http" and not local and not (parts.hostname or "").endswith(".test"):
        raise ValueError("oidc_redirect_uri")  # plain HTTP only on a developer's own machine
    return uri


def check_jwks(jwks: dict[str, Any]) -> dict[str, Any]:
    """A public JWK set: importable, and holding no private key material."""
    try:
        key_set = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise ValueError("oidc_jwks") from exc
    if not key_set.keys or any(key.is_private for key in key_set.keys):
        raise ValueError("oidc_jwks")
    return jwks


class ClientIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    organisation_id: int = Field(ge=1)
    kind: ClientKind
    redirect_uris: list[str] = Field(default_factory=list, max_length=10)
    allowed_claims: list[Claim] = Field(default_factory=list)
    token_endpoint_auth_method: ClientAuthMethod = ClientAuthMethod.PRIVATE_KEY_JWT
    jwks: dict[str, Any] | None = None
    # OIDC Dynamic Client Registration §2: RS256 unless the client asks for ES256.
    id_token_signed_response_alg: Literal["RS256", "ES256"] = "RS256"  # noqa: S105 (an algorithm name)
    # Where RP-initiated logout may send the user back to (OIDC RP-Initiated Logout 1.0 §3.1).
    post_logout_redirect_uris: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("redirect_uris", "post_logout_redirect_uris")
    @classmethod
    def _uris(cls, value: list[str]) -> list[str]:
        return [_check_redirect_uri(uri) for uri in value]

    @field_validator("jwks")
    @classmethod
    def _jwks(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if value is None else check_jwks(value)

    @model_validator(mode="after")
    def _consistent(self) -> ClientIn:
        if self.token_endpoint_auth_method is ClientAuthMethod.PRIVATE_KEY_JWT and self.jwks is None:
            raise ValueError("oidc_jwks_required")
        if (
            self.kind is ClientKind.MACHINE
            and self.token_endpoint_auth_method is not ClientAuthMethod.PRIVATE_KEY_JWT
        ):
            raise ValueError("oidc_machine_needs_private_key_jwt")
        if self.kind is ClientKind.RELYING_PARTY and not self.redirect_uris:
            raise ValueError("oidc_redirect_uri_required")
        return self


class ClientOut(BaseModel):
    client_id: str
    name: str
    organisation_id: int
    kind: ClientKind
    redirect_uris: list[str]
    allowed_claims: list[str]
    token_endpoint_auth_method: ClientAuthMethod
    id_token_signed_response_alg: str
    post_logout_redirect_uris: list[str]

    @classmethod
    def of(cls, client: OidcClient) -> ClientOut:
        return cls(
            client_id=client.client_id,
            name=client.name,
            organisation_id=client.organisation_id,
            kind=client.kind,
            redirect_uris=client.redirect_uris,
            allowed_claims=client.allowed_claims,
            token_endpoint_auth_method=client.token_endpoint_auth_method,
            id_token_signed_response_alg=client.id_token_signed_response_alg,
            post_logout_redirect_uris=client.post_logout_redirect_uris,
        )
