"""Jinja2 environment: the base templates of ``web`` plus each feature package's ``templates/``."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

from dancu.i18n import t

ROOT = Path(__file__).resolve().parent.parent
FEATURE_PACKAGES = ("registry", "identity", "geo", "pin")


def make_templates() -> Jinja2Templates:
    loader = ChoiceLoader(
        [
            FileSystemLoader(ROOT / "web" / "templates"),
            PrefixLoader(
                {
                    name: FileSystemLoader(ROOT / name / "templates")
                    for name in FEATURE_PACKAGES
                    if (ROOT / name / "templates").is_dir()
                }
            ),
        ]
    )
    env = Environment(loader=loader, autoescape=select_autoescape(["html"]), auto_reload=False)
    env.globals["t"] = t
    return Jinja2Templates(env=env)
