"""The entry points wire what the layers cannot import: the catalogue, every model, the hooks."""

from __future__ import annotations

import pytest

from dancu import i18n
from dancu.access.actor import Actor
from dancu.identity.citizens import lock_on_death
from dancu.jobs import worker
from dancu.jobs.models import JobKind
from dancu.registry.actions import items
from dancu.registry.models import Citizen
from dancu.sharing.reconcile import handler as reconcile_handler
from dancu.wiring import wire


def test_wiring_registers_identitys_death_hook_and_the_job_handlers() -> None:
    wire()
    assert lock_on_death in items._death_hooks
    assert worker.handlers()[JobKind.RECONCILE] is reconcile_handler.run
    wire()  # idempotent: the app and the CLI may both call it
    assert items._death_hooks.count(lock_on_death) == 1


async def test_a_death_is_refused_when_no_package_registered_a_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    """Recording a death in a process that was not wired must not leave the e-ID of the deceased
    open: it refuses (and the caller's transaction rolls back) before any hook would have run."""
    monkeypatch.setattr(items, "_death_hooks", [])
    with pytest.raises(RuntimeError, match="no death hook"):
        await items._run_death_hooks(None, Citizen(), Actor.system("test"))  # type: ignore[arg-type]


def test_a_message_is_refused_until_the_catalogue_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """i18n imports no feature package; without the catalogue wired in, a lookup fails loudly
    instead of sending the bare key to a citizen by SMS."""
    monkeypatch.setattr(i18n, "_catalogue", None)
    with pytest.raises(RuntimeError, match="catalogue is not installed"):
        i18n.t("auth.required")
    wire()
    assert i18n.t("auth.required") == "Cần đăng nhập"
