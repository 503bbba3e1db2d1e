"""Browser journeys: a real uvicorn server in a background thread on a fresh SQLite file, driven by
Debian's Chromium through Playwright's sync API.

Playwright's own browser download does not work here, so the system Chromium is launched by path.
The server runs in this process, so ``dancu.clock.freeze`` in a test also moves the server's clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pyotp
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.app import create_app
from dancu.clock import now_utc, travel
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.settings import Settings
from tests.support.migrated import migrated_sqlite

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OFFICER = {"username": "ca.hoankiem", "password": "mat-khau-rat-dai-123"}
# A C06 officer: registers organisations and their mandates (Permission.ORG_REGISTER, no longer the
# operator's). Provisioned with an authenticator secret; OFFICER has none and enrols one at first login.
OPERATOR = {"username": "c06.vanhanh", "password": "mat-khau-van-hanh-123"}
OPERATOR_TOTP = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
# The authenticator secrets the journeys hold, by username (what the officer's phone would keep).
TOTP_SECRETS: dict[str, str] = {OPERATOR["username"]: OPERATOR_TOTP}
# The live server keeps its database for the whole run and accepts each TOTP step once per account:
# the last step each user's codes came from, so a later login waits for a fresh code as a person would.
USED_STEPS: dict[str, int] = {}


@pytest.fixture(autouse=True)
def _fresh_totp_steps() -> None:
    """Overrides the suite's: a journey module's live server keeps its database, and the TOTP steps
    its accounts used, from one test to the next, so the clock stays where :func:`totp_code` made
    it travel (never back: the server would see sessions and steps from the future)."""


def totp_code(username: str) -> str:
    """The next code the server will take for ``username``; when the current and the next step were
    both used, the (shared, in-process) clock travels to the next step instead of sleeping 30 s."""
    totp = pyotp.TOTP(TOTP_SECRETS[username])
    while True:
        current = int(now_utc().timestamp()) // totp.interval
        step = max(current, USED_STEPS.get(username, current - 1) + 1)
        if step <= current + 1:
            USED_STEPS[username] = step
            return str(totp.generate_otp(step))
        travel(dt.timedelta(seconds=totp.interval - now_utc().timestamp() % totp.interval + 0.05))


def api_token(http: httpx.Client, credentials: dict[str, str]) -> dict[str, str]:
    """A usable API session: the password, then TOTP enrolment or the TOTP code as the server asks."""
    login = http.post("/api/v1/auth/login", json=credentials)
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    username, step = credentials["username"], login.json()["second_factor"]
    if step == "enrol_totp":
        TOTP_SECRETS[username] = http.post("/api/v1/auth/totp/enrol", headers=headers).json()["secret"]
        body = {"secret": TOTP_SECRETS[username], "code": totp_code(username)}
        assert http.post("/api/v1/auth/totp/confirm", json=body, headers=headers).status_code == 204
    elif step == "totp":
        code = {"code": totp_code(username)}
        assert http.post("/api/v1/auth/second-factor", json=code, headers=headers).status_code == 204
    return headers


def browser_second_factor(page: Page, username: str) -> None:
    """After the password in the browser: enrol the authenticator on first login (officers and
    organisation staff), else type its code."""
    page.wait_for_url(re.compile(r"/login/(totp-setup|second-factor)"))
    if "/login/totp-setup" in page.url:
        TOTP_SECRETS[username] = page.locator("#totp-secret").inner_text().strip()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "officer-00-totp-setup.png"), full_page=True)
    page.fill('[name="code"]', totp_code(username))
    page.get_by_role("button", name="Xác nhận").click()


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
# The database behind each live server (by its base URL), for journeys that seed accounts directly.
LIVE_DATABASES: dict[str, str] = {}


async def _create_officer(url: str) -> None:
    from dancu.identity.actions import create_officer

    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await create_officer(
                session,
                username=OFFICER["username"],
                password=OFFICER["password"],
                display_name="Trần Văn An",
                role=OfficerRole.COMMUNE_POLICE,
                unit_code="00070",  # Phường Hoàn Kiếm, Hà Nội (2025 table)
                unit_version="2025",
                actor=Actor.system("e2e setup"),
                # The head decides (TT 117/2026 Điều 17 khoản 4): the journeys approve and refuse.
                position=Position.HEAD,
            )
            await create_officer(
                session,
                username=OPERATOR["username"],
                password=OPERATOR["password"],
                display_name="Lê Thị Vận Hành",
                role=OfficerRole.IDENTITY_AGENCY,
                unit_code=None,
                unit_version=None,
                actor=Actor.system("e2e setup"),
                totp_secret=OPERATOR_TOTP,
            )
            await session.commit()
    finally:
        await engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Module scope, not session: Playwright's sync API keeps an event loop running in the main thread
# while it is started, which would break every later fixture that calls asyncio.run (the
# database fixtures of the integration tests), so the browser stops when the journeys are done.
@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = migrated_sqlite(tmp_path_factory.mktemp("e2e") / "dancu.sqlite3")
    asyncio.run(_create_officer(url))
    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings(database_url=url, cookie_secure=False)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the e2e server did not start (see the log above)")
        time.sleep(0.05)
    LIVE_DATABASES[f"http://127.0.0.1:{port}"] = url
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def playwright_instance(live_server: str) -> Iterator[Playwright]:
    # Playwright's sync API keeps an event loop running in this thread from here on, so the
    # server (whose setup calls asyncio.run) must be up before it starts.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shoot() -> Callable[..., Path]:
    """``shoot(page, name)``: a full-page screenshot into test-results/ (gitignored), to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def _shoot(page: Page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _shoot


@pytest.fixture(scope="module")
def dev_outbox() -> Iterator[None]:
    """Show outgoing SMS on /dev/outbox (read lazily by the server, so setting it here is enough)."""
    previous = os.environ.get("DANCU_DEV_OUTBOX")
    os.environ["DANCU_DEV_OUTBOX"] = "true"
    yield
    if previous is None:
        os.environ.pop("DANCU_DEV_OUTBOX", None)
    else:
        os.environ["DANCU_DEV_OUTBOX"] = previous


def register_person(
    live_server: str, *, name: tuple[str, str, str], born: str, sex: str, detail: str, mobile: str, card: str,
    dossier_number: str,
) -> dict[str, str]:  # fmt: skip
    """A person entered by the officer's API in Phường Hoàn Kiếm, with a mobile number and a card;
    what the citizen types to register their e-ID."""
    with httpx.Client(base_url=live_server) as http:
        headers = api_token(http, OFFICER)
        unit = {"unit_code": "00070", "unit_version": "2025"}
        dossier = {"legal_basis": "NĐ 70/2024/NĐ-CP Điều 5", "dossier_number": dossier_number}
        body = {
            "full_name": dict(zip(("family", "middle", "given"), name, strict=True)),
            "date_of_birth": born,
            "sex": sex,
            "birth_registration_place": unit,
            "ethnicity": "01",
            "permanent_residence": {**unit, "detail": detail},
            "other_items": {"mobile": mobile},
            **dossier,
        }
        created = http.post("/api/v1/registry/citizens/collect", json=body, headers=headers)
        assert created.status_code == 201, created.text
        pin = created.json()["pin"]
        issued = {"kind": "can_cuoc", "number": card, "issued_on": "2024-07-01", "issued_by": "Cục C06"}
        recorded = http.post(
            f"/api/v1/registry/citizens/{pin}/cards", json={"card": issued, **dossier}, headers=headers
        )
        assert recorded.status_code == 204, recorded.text
    return {"full_name": " ".join(name), "date_of_birth": born, "pin": pin, "card": card}
