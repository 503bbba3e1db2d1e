"""A served worker builds its app, then freezes the collector's generations (dancu.web.serving): the
objects alive once the app is built are left out of every later collection."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest

from dancu.web import serving


class _App:
    """An object the collector tracks (a dict of plain values would not be)."""


BUILT: list[_App] = []


def make_app() -> _App:
    app = _App()
    BUILT.append(app)
    return app


PLAIN_APP = _App()


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_factory_is_built_in_the_worker_and_what_it_holds_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(serving.SERVED_APP, f"1{__name__}:make_app")
    assert gc.get_freeze_count() == 0
    app = serving.served_app()
    assert app is BUILT[-1] and gc.is_tracked(app)
    assert gc.get_freeze_count() > 0
    # The app itself is among the frozen objects: a full collection no longer tracks it.
    assert not any(obj is app for obj in gc.get_objects())


def test_an_app_object_is_served_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(serving.SERVED_APP, f"0{__name__}:PLAIN_APP")
    assert serving.served_app() is PLAIN_APP
    assert gc.get_freeze_count() > 0


def test_serve_hands_the_app_to_the_workers_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: dict[str, object] = {}

    def run(app: str, **options: object) -> None:
        ran.update(options, app=app)

    monkeypatch.setattr("uvicorn.run", run)
    monkeypatch.setenv(serving.SERVED_APP, "restored after the test")
    serving.serve("dancu.app:create_app", factory=True, host="127.0.0.1", port=1, workers=2)
    assert ran["app"] == "dancu.web.serving:served_app" and ran["factory"] is True and ran["workers"] == 2
    assert ran["http"] is serving.http_protocol()
    assert os.environ[serving.SERVED_APP] == "1dancu.app:create_app"
