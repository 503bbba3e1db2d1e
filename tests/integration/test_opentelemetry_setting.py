"""``DANCU_OPENTELEMETRY``: FastAPI's own per-request telemetry reaches the process's global
OpenTelemetry providers only when the operator turns it on (docs/operations.md); off, a request
does not look at them at all."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.trace import NoOpTracer, TracerProvider

from dancu.app import create_app
from dancu.settings import Settings


class RecordingTracer(NoOpTracer):
    def __init__(self, names: list[str]) -> None:
        self.names = names

    def start_span(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self.names.append(name)
        return super().start_span(name, *args, **kwargs)


class RecordingProvider(TracerProvider):
    """A configured global tracer provider, as the SDK would be, that records the spans started."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def get_tracer(self, *args: Any, **kwargs: Any) -> Any:
        return RecordingTracer(self.names)


@pytest.mark.parametrize("turned_on", [False, True])
async def test_requests_reach_the_global_tracer_only_when_turned_on(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, turned_on: bool
) -> None:
    provider = RecordingProvider()
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    app = create_app(settings.model_copy(update={"opentelemetry": turned_on}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        assert (await client.get("/health/live")).status_code == 200
    # The request's span (named by its method), then FastAPI's spans of its steps.
    assert provider.names[:1] == (["GET"] if turned_on else [])
    assert len(provider.names) > 1 if turned_on else provider.names == []
