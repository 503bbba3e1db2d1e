"""Every role's first day, from the front door, on the demo that ``scripts/run`` builds: citizen,
organisation, officer, auditor and operator, on a desktop and on a phone, in Vietnamese and in
English. Every page a journey visits is checked by axe-core (0 violations), for raw codes and
message keys in its text, and for a page wider than the screen; a screenshot of each is kept in
/tmp/ux-shots (look at them), except under ``CI=true``, where nobody can (a sixth of the module's time).

One server for the module, filled by ``dancu demo`` (the same command ``scripts/run`` uses), so the
logins are the printed ones.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from dancu.app import create_app
from dancu.clock import now_utc, travel
from dancu.settings import Settings
from tests.e2e.conftest import _free_port
from tests.support.language import raw_codes, vietnamese_interface
from tests.support.migrated import migrated_sqlite

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("DANCU_UX_SHOTS", "/tmp/ux-shots"))
# The screenshots are for people to look at, not a check: a CI run, whose machine is thrown away,
# skips them unless DANCU_UX_SHOTS names where to keep them.
TAKE_SHOTS = os.environ.get("CI") != "true" or "DANCU_UX_SHOTS" in os.environ
AXE = Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# (language, viewport): both languages and both screens, each pair once, and the citizen (who uses
# a phone most) in both languages on a phone.
SETTINGS = [("vi", "desktop"), ("en", "phone")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A fresh database filled by ``dancu demo`` (as ``scripts/run`` does); its report of logins."""
    url = migrated_sqlite(tmp_path_factory.mktemp("ux") / "dancu.sqlite3")
    env = os.environ | {"DANCU_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "dancu", "demo", "--citizens", "20", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout)
    report["database"] = url
    return report


@pytest.fixture(scope="module")
def live_server(demo: dict[str, Any]) -> Iterator[str]:
    """Overrides the package's server: this module's journeys run on the demo database."""
    previous = os.environ.get("DANCU_DEV_OUTBOX")
    os.environ["DANCU_DEV_OUTBOX"] = "true"  # the citizen reads the SMS code where scripts/run shows it
    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings(database_url=demo["database"], cookie_secure=False)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="ux-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    if previous is None:
        os.environ.pop("DANCU_DEV_OUTBOX", None)
    else:
        os.environ["DANCU_DEV_OUTBOX"] = previous


def _context_page(browser: Browser, live_server: str, lang: str, screen: str) -> Page:
    context = browser.new_context(
        base_url=live_server,
        locale="vi-VN" if lang == "vi" else "en-GB",
        viewport=VIEWPORTS[screen],  # type: ignore[arg-type]
        is_mobile=screen == "phone",
        has_touch=screen == "phone",
    )
    context.set_default_timeout(15_000)
    return context.new_page()


# --- What every page must pass ----------------------------------------------------------------------


# Pages every journey passes through (the front door, the second factor) are checked once per
# language and screen: the module must stay a small part of the CI's time.
CHECKED: set[tuple[str, str, str]] = set()


def check_page(page: Page, name: str, lang: str, screen: str, *, axe: bool = True) -> None:
    """No raw code in the text, no sideways scrolling, a screenshot (not in CI), and axe-core: 0
    violations."""
    page.wait_for_load_state("load")
    if (name, lang, screen) in CHECKED:
        return
    CHECKED.add((name, lang, screen))
    if TAKE_SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{lang}-{screen}.png"), full_page=True)
    text = page.locator("body").inner_text()
    assert raw_codes(text, lang) == [], f"{name} ({lang}, {screen}): raw codes on the page"
    if lang == "en":
        found_vi = vietnamese_interface(text)
        assert found_vi == [], f"{name} ({lang}, {screen}): Vietnamese interface text on an English page"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} ({lang}, {screen}): the page is {overflow}px wider than the screen"
    if not axe or (lang, screen) not in SETTINGS:
        return  # the citizen's extra run (Vietnamese on a phone) looks at layout and words only
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # runs outside the page's CSP
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
    )
    found = json.dumps(result, ensure_ascii=False)
    assert result == [], f"{name} ({lang}, {screen}): axe-core violations {found}"


def from_front_door(page: Page, lang: str, screen: str, entry: str) -> None:
    """The front door in the chosen language (the visible switch, kept in a cookie), then an entry."""
    page.goto("/")
    if page.locator("html").get_attribute("lang") != lang:
        page.locator("#lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    check_page(page, "00-front-door", lang, screen)
    page.locator(f"#entry-{entry} a.button").click()
    expect(page).to_have_url(re.compile(r"/login"))


def password_login(page: Page, username: str, password: str) -> None:
    page.fill('[name="username"]', username)
    page.fill('[name="password"]', password)
    page.locator('form[action="/login"] button[type="submit"]').click()


# A TOTP code is accepted once (RFC 6238 §5.2): a second login with the same secret within one
# time step needs the next code; the in-process server's clock travels to it instead of sleeping.
_USED_STEPS: dict[str, int] = {}


def fresh_totp(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    while True:
        current = int(now_utc().timestamp()) // totp.interval
        step = max(current, _USED_STEPS.get(secret, current - 1) + 1)
        if step <= current + 1:
            _USED_STEPS[secret] = step
            return str(totp.generate_otp(step))
        travel(dt.timedelta(seconds=totp.interval - now_utc().timestamp() % totp.interval + 0.05))


def officer_login(page: Page, login: dict[str, Any], lang: str, screen: str, name: str) -> None:
    password_login(page, login["username"], login["password"])
    page.wait_for_url(re.compile(r"/login/second-factor"))
    check_page(page, "01-second-factor", lang, screen)
    page.fill('[name="code"]', fresh_totp(login["totp_secret"]))
    page.locator('form button[type="submit"]').first.click()


def _login(demo: dict[str, Any], role: str) -> dict[str, Any]:
    return next(login for login in demo["logins"] if login["role"] == role)


def visit(page: Page, path: str, name: str, lang: str, screen: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    check_page(page, name, lang, screen)


# --- The journeys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "screen"), [*SETTINGS, ("vi", "phone")])
def test_citizen_from_the_front_door(
    browser: Browser, live_server: str, demo: dict[str, Any], lang: str, screen: str
) -> None:
    citizen = demo["citizen_login"]
    page = _context_page(browser, live_server, lang, screen)
    from_front_door(page, lang, screen, "citizen")
    check_page(page, "citizen-01-login", lang, screen)
    password_login(page, citizen["username"], citizen["password"])
    page.wait_for_url(re.compile(r"/login/second-factor"))
    outbox = page.context.new_page()
    outbox.goto("/dev/outbox")
    body = outbox.locator(f'.outbox-message[data-recipient="{citizen["mobile"]}"] .body').first.inner_text()
    code = re.search(r"\b(\d{6})\b", body)
    assert code is not None, body
    page.fill('[name="code"]', code.group(1))
    page.locator('form button[type="submit"]').first.click()
    expect(page).to_have_url(re.compile(r"/app$"))
    check_page(page, "citizen-02-home", lang, screen)
    if screen == "phone":
        tabbar = page.locator("nav.tabbar")
        expect(tabbar).to_be_visible()
        tabbar.get_by_role("link").nth(1).click()  # the history, from the bottom tab bar
        expect(page).to_have_url(re.compile(r"/app/history"))
    for path, name in (
        ("/app/history", "citizen-03-history"),
        ("/app/tracker", "citizen-04-tracker"),
        ("/app/dong-y", "citizen-05-consents"),
        ("/app/giay-to", "citizen-06-documents"),
        ("/app/notifications", "citizen-07-notifications"),
        ("/app/corrections", "citizen-08-corrections"),
        ("/app/security", "citizen-09-security"),
    ):
        visit(page, path, name, lang, screen)
    page.context.close()


@pytest.mark.parametrize(("lang", "screen"), SETTINGS)
def test_organisation_from_the_front_door(
    browser: Browser, live_server: str, demo: dict[str, Any], lang: str, screen: str
) -> None:
    bank = next(o for o in demo["organisation_logins"] if o["actor_group"] == "k2")
    page = _context_page(browser, live_server, lang, screen)
    from_front_door(page, lang, screen, "organisation")
    # An organisation's member logs in with a second factor (the demo provisions its authenticator).
    officer_login(page, bank, lang, screen, "organisation")
    expect(page).to_have_url(re.compile(r"/portal/"))
    check_page(page, "organisation-01-home", lang, screen)
    for path, name in (
        ("/portal/verify", "organisation-02-verify"),
        ("/cong/de-nghi", "organisation-03-requests"),
        ("/cong/de-nghi/moi", "organisation-04-new-request"),
    ):
        visit(page, path, name, lang, screen)
    page.context.close()


@pytest.mark.parametrize(("lang", "screen"), SETTINGS)
def test_officer_from_the_front_door(
    browser: Browser, live_server: str, demo: dict[str, Any], lang: str, screen: str
) -> None:
    officer = _login(demo, "commune_police")
    page = _context_page(browser, live_server, lang, screen)
    from_front_door(page, lang, screen, "officer")
    officer_login(page, officer, lang, screen, "officer")
    expect(page).to_have_url(re.compile(r"/officer/requests$"))
    check_page(page, "officer-02-queue", lang, screen)
    pin = demo["citizen_login"]["username"]
    for path, name in (
        ("/officer/citizens", "officer-03-search"),
        (f"/officer/citizens/{pin}", "officer-04-person"),
        ("/officer/births/new", "officer-05-birth"),
        ("/officer/collect/new", "officer-06-collect"),
        ("/officer/corrections", "officer-07-corrections"),
        ("/officer/requests/dashboard", "officer-08-dashboard"),
    ):
        visit(page, path, name, lang, screen)
    page.context.close()


# The back-office roles: one run each, between them both languages and both screens.
@pytest.mark.parametrize(("lang", "screen"), [SETTINGS[0]])
def test_auditor_from_the_front_door(
    browser: Browser, live_server: str, demo: dict[str, Any], lang: str, screen: str
) -> None:
    page = _context_page(browser, live_server, lang, screen)
    from_front_door(page, lang, screen, "officer")
    officer_login(page, _login(demo, "auditor"), lang, screen, "auditor")
    expect(page).to_have_url(re.compile(r"/officer/audit$"))
    check_page(page, "auditor-02-log", lang, screen)
    page.context.close()


@pytest.mark.parametrize(("lang", "screen"), [SETTINGS[1]])
def test_operator_from_the_front_door(
    browser: Browser, live_server: str, demo: dict[str, Any], lang: str, screen: str
) -> None:
    page = _context_page(browser, live_server, lang, screen)
    from_front_door(page, lang, screen, "officer")
    officer_login(page, _login(demo, "operator"), lang, screen, "operator")
    expect(page).to_have_url(re.compile(r"/officer/systems$"))
    check_page(page, "operator-02-systems", lang, screen)
    # Organisations and their portal accounts are C06's (NĐ 70 Điều 10 k1), not the operator's.
    visit(page, "/officer/systems/dead-letters", "operator-03-dead-letters", lang, screen)
    page.context.close()
