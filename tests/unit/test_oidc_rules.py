"""Pure rules of the OIDC provider: PKCE, acr levels, scopes to claims, client registration input."""

from __future__ import annotations

import base64
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from joserfc.jwk import ECKey
from pydantic import ValidationError

from dancu.identity.models import EidLevel
from dancu.identity.oidc.actions import pkce_matches
from dancu.identity.oidc.claims import Claim, acr_for, claims_for_scopes, required_rank
from dancu.identity.oidc.schemas import ClientIn

VERIFIER_CHARS = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


@given(st.text(VERIFIER_CHARS, min_size=43, max_size=128))
def test_pkce_s256_accepts_the_matching_verifier(verifier: str) -> None:
    assert pkce_matches(verifier, s256(verifier))
    assert not pkce_matches(verifier + "x", s256(verifier))


def test_pkce_refuses_short_verifiers_and_the_plain_method() -> None:
    short = "a" * 42
    assert not pkce_matches(short, s256(short))
    verifier = "b" * 43
    assert not pkce_matches(verifier, verifier)  # plain challenge = verifier: not S256


def test_acr_follows_the_eid_level() -> None:
    assert acr_for(EidLevel.LEVEL_1) == "urn:dancu:eid:level1"
    assert acr_for(EidLevel.LEVEL_2) == "urn:dancu:eid:level2"
    assert acr_for(None) == "urn:dancu:eid:level1"


@pytest.mark.parametrize(
    ("acr_values", "rank"),
    [
        (None, 0),
        ("", 0),
        ("urn:dancu:eid:level2", 2),
        ("urn:dancu:eid:level1 urn:dancu:eid:level2", 1),
        ("urn:other:loa3", 0),
    ],
)
def test_required_rank_is_the_lowest_acceptable_level(acr_values: str | None, rank: int) -> None:
    assert required_rank(acr_values) == rank


def test_claims_are_limited_to_scopes_and_registration() -> None:
    allowed = ["name", "birthdate", "pin"]
    assert claims_for_scopes(["openid", "profile", "pin", "address"], allowed) == [
        Claim.NAME,
        Claim.BIRTHDATE,
        Claim.PIN,
    ]
    assert claims_for_scopes(["openid"], allowed) == []


def _body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "RP",
        "organisation_id": 1,
        "kind": "relying_party",
        "redirect_uris": ["https://rp.example.vn/cb"],
        "token_endpoint_auth_method": "none",
    }
    return body | overrides


def test_client_registration_input() -> None:
    assert ClientIn.model_validate(_body()).redirect_uris == ["https://rp.example.vn/cb"]
    public = ECKey.generate_key("P-256", private=True).as_dict(private=False)
    machine = _body(kind="machine", redirect_uris=[], token_endpoint_auth_method="private_key_jwt")
    assert ClientIn.model_validate(machine | {"jwks": {"keys": [public]}}).kind == "machine"
    for bad in (
        _body(redirect_uris=["http://rp.example.vn/cb"]),  # plain HTTP off a developer machine
        _body(redirect_uris=["https://rp.example.vn/cb#x"]),
        _body(redirect_uris=[]),
        _body(token_endpoint_auth_method="private_key_jwt"),  # without keys
        machine,
        machine | {"token_endpoint_auth_method": "none"},
        machine | {"jwks": {"keys": [ECKey.generate_key("P-256", private=True).as_dict(private=True)]}},
        _body(allowed_claims=["religion"]),
    ):
        with pytest.raises(ValidationError):
            ClientIn.model_validate(bad)
