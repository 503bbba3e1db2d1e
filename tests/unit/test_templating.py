"""The page templates are compiled once per process, however many apps it builds."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import Environment

from dancu.web.templating import make_templates


def test_a_second_environment_loads_the_compiled_template(monkeypatch: pytest.MonkeyPatch) -> None:
    make_templates().env.get_template("layout.html")  # compiled here, or by an earlier test
    compiled: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: Any, name: str | None = None, *args: Any, **kw: Any) -> Any:
        compiled.append(name or "")
        return original(self, source, name, *args, **kw)

    monkeypatch.setattr(Environment, "compile", counting)
    template = make_templates().env.get_template("layout.html")
    assert compiled == []
    assert "content" in template.blocks  # the template itself, not an empty one
