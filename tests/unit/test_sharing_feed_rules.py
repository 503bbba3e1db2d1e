"""Pure rules of the change feed: who may subscribe to what, signatures, the retry schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.errors import DomainError, Forbidden
from dancu.sharing.feed import policies
from dancu.sharing.feed.models import FeedEntry, FeedKind, Subscription
from dancu.sharing.feed.sequencer import matches
from dancu.sharing.feed.webhooks import schedule, signature_header, verify_signature


def _member(group: ActorGroup, channel: Channel) -> Actor:
    return Actor.org_member(
        account_id=1,
        label="x",
        group=group,
        organisation_id=7,
        organisation_name="Cơ quan",
        fields=frozenset({"pin"}),
        channel=channel,
    )


def test_only_a_k1_system_over_the_direct_channel_is_a_connected_system() -> None:
    assert policies.ensure_connected_system(_member(ActorGroup.K1, Channel.DIRECT)) == 7
    for group, channel, code in (
        (ActorGroup.K1, Channel.PORTAL, "sharing.direct_channel_only"),
        (ActorGroup.K2, Channel.DIRECT, "sharing.not_a_connected_system"),
    ):
        with pytest.raises(Forbidden) as refused:
            policies.ensure_connected_system(_member(group, channel))
        assert refused.value.code == code
    with pytest.raises(Forbidden):
        policies.ensure_connected_system(Actor.system("cli"))


def test_kinds_must_be_able_to_deliver_within_the_mandate() -> None:
    policies.check_kinds([FeedKind.BIRTH, FeedKind.CORRECTION], ["pin"])
    policies.check_kinds([FeedKind.RESIDENCE], ["pin", "temporary_residence"])
    with pytest.raises(DomainError) as refused:
        policies.check_kinds([FeedKind.DEATH, FeedKind.CARD, FeedKind.BIRTH], ["pin", "full_name"])
    [problem] = refused.value.problems
    assert (problem.field, problem.rule, problem.params["kinds"]) == (
        "kinds",
        "sharing.kind_outside_mandate",
        "card, death",
    )
    with pytest.raises(Forbidden):
        policies.check_kinds([FeedKind.BIRTH], ["full_name"])


@pytest.mark.parametrize(
    "url", ["http://a.vn/x", "ftp://a.vn", "https://", "https://u:p@a.vn/x", "https://a.vn/x#frag", "a.vn"]
)
def test_webhook_urls_must_be_plain_https(url: str) -> None:
    with pytest.raises(DomainError) as refused:
        policies.check_webhook_url(url)
    assert refused.value.problems[0].field == "webhook_url"


def test_a_subscription_matches_its_kinds_after_its_start_within_the_mandate() -> None:
    subscription = Subscription(kinds=["death"], start_seq=10)
    entry = FeedEntry(seq=11, kind=FeedKind.DEATH, items=["death"])
    assert matches(subscription, frozenset({"pin", "death"}), entry)
    assert not matches(subscription, frozenset({"pin"}), entry)
    assert not matches(
        subscription, frozenset({"pin", "death"}), FeedEntry(seq=10, kind=FeedKind.DEATH, items=["death"])
    )
    assert not matches(
        subscription, frozenset({"pin", "death"}), FeedEntry(seq=12, kind=FeedKind.BIRTH, items=["death"])
    )


def test_signature_binds_secret_time_and_body() -> None:
    header = signature_header("whsec_a", 1_700_000_000, b'{"event":1}')
    assert verify_signature("whsec_a", header, b'{"event":1}', now=1_700_000_100)
    assert not verify_signature("whsec_b", header, b'{"event":1}', now=1_700_000_100)
    assert not verify_signature("whsec_a", header, b'{"event":2}', now=1_700_000_100)
    assert not verify_signature("whsec_a", header, b'{"event":1}', now=1_700_001_000), "too old"
    assert not verify_signature("whsec_a", "garbage", b"", now=0)
    forged = header.replace("t=1700000000", "t=1700000050")
    assert not verify_signature("whsec_a", forged, b'{"event":1}', now=1_700_000_100)


def test_back_off_grows_and_repeats_its_last_step() -> None:
    plan = schedule()
    waits = [plan.wait_after(n) for n in range(1, plan.max_attempts + 2)]
    assert waits == sorted(waits) and waits[0] == dt.timedelta(seconds=plan.backoff_seconds[0])
    assert waits[-1] == dt.timedelta(seconds=plan.backoff_seconds[-1])
    assert plan.max_attempts >= 3
