"""Jinja2 environment: the base templates of ``web`` plus each feature package's ``templates/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from jinja2.bccache import Bucket

from dancu.i18n import Lang, t
from dancu.web.dates import shown
from dancu.web.lang import language

ROOT = Path(__file__).resolve().parent.parent
# A nested package ("exploitation/fees") is addressed by its last part ("fees/receipt.html").
FEATURE_PACKAGES = (
    "audit",
    "registry",
    "identity",
    "geo",
    "pin",
    "notify",
    "corrections",
    "undetermined",
    "privacy",
    "exploitation/requests",
    "exploitation/fees",
    "exploitation/documents",
    "lookup",
    "organisations",
)


class _ProcessBytecode(BytecodeCache):
    """Compiled templates kept for the process, shared by every environment it makes: an app built
    again (each test builds one) loads a template's code instead of parsing and compiling its source.
    Jinja keys a bucket by the template's name and checks its source's checksum, so an edited
    template is compiled again."""

    def __init__(self) -> None:
        self._codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._codes[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _ProcessBytecode()


def make_templates() -> Jinja2Templates:
    loader = ChoiceLoader(
        [
            FileSystemLoader(ROOT / "web" / "templates"),
            PrefixLoader(
                {
                    Path(name).name: FileSystemLoader(ROOT / name / "templates")
                    for name in FEATURE_PACKAGES
                    if (ROOT / name / "templates").is_dir()
                }
            ),
        ]
    )
    env = Environment(
        loader=loader, autoescape=select_autoescape(["html"]), auto_reload=False, bytecode_cache=_BYTECODE
    )
    env.globals["t"] = t
    env.filters["dmy"] = shown  # dates as forms show them: dd/mm/yyyy
    return Jinja2Templates(env=env, context_processors=[site_context])


def site_context(request: Request) -> dict[str, Any]:
    """What the layout shows on every page: the operator's branding (settings), the page's language,
    and where the language switch comes back to."""
    settings = request.app.state.settings
    lang = language(request)
    return {
        "site": {
            "agency": settings.agency_name_en if lang is Lang.EN else settings.agency_name,
            "emblem": settings.emblem_path,
            "footer": settings.footer_text_en if lang is Lang.EN else settings.footer_text,
        },
        "page_lang": lang,
        "other_lang": Lang.EN if lang is Lang.VI else Lang.VI,
        # The path only: a query may carry a PIN or a name, which the link would copy into the page.
        "here": request.url.path,
    }


def render(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> Response:
    """Render a page with the app's templates (typed, so handlers keep their return types)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)
