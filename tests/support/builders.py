"""The one place tests build accounts, sessions, people and organisations.

Two ways to a usable session:

- :func:`issue_headers` opens a login session straight in the test's database session, second factor
  passed, and returns its bearer header: what a successful login leaves behind, without the two
  requests, the password check and the events of the login itself. Fixtures use it, and
  :func:`page_session` puts such a session in a client's cookie for the pages.
- :func:`bearer_for` and :func:`officer_page_login` log in through the API or the login forms, for
  the tests whose subject is logging in.

Request bodies for officer procedures default to Phường Hoàn Kiếm (Hà Nội).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets
import time
from typing import Any

import httpx
import pyotp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.clock import now_utc, travel
from dancu.identity.models import Account, AccountKind, AccountStatus, EidLevel, LoginSession, SecondFactor
from dancu.identity.passwords import hash_password
from dancu.web_tokens import token_hash

SYSTEM = Actor.system("test")
# Test officers are enrolled with this authenticator secret: officers need TOTP for every permission.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OFFICER_PASSWORD = "mat-khau-rat-dai-123"
# Organisation administrators, their staff and citizens' accounts.
PASSWORD = "mat-khau-to-chuc-123"
NAME = "Nguyễn Minh Khang"
DOB = "1985-07-07"
K1_MANDATE = ["full_name", "date_of_birth", "pin", "sex", "permanent_residence", "marital_status"]
HOAN_KIEM = {"unit_code": "00070", "unit_version": "2025"}
BA_DINH = {"unit_code": "00004", "unit_version": "2025"}


# --- Sessions ------------------------------------------------------------------------------------


# The last TOTP step each authenticator (a secret, or a secret and username) gave a code for in
# this test: the server accepts each step once per account (RFC 6238 §5.2), so a second login
# within the same 30 seconds takes the next step, as a person would wait for the next code.
# ``forget_totp_steps`` (an autouse fixture) starts every test afresh, as its database is.
_last_steps: dict[str, int] = {}


def forget_totp_steps() -> None:
    _last_steps.clear()


def totp_now(secret: str = TEST_TOTP_SECRET, *, username: str | None = None) -> str:
    """A code the server will take now: the current step, or a later one (still within the one
    step of drift the server allows) when the current one was used; when both were used, the
    clock travels to the next step, as a person would wait for the next code (without the wait)."""
    totp, key = pyotp.TOTP(secret), f"{secret}:{username or ''}"
    for _ in range(8):
        current = int(now_utc().timestamp()) // totp.interval
        step = max(current, _last_steps.get(key, current - 1) + 1)
        if step <= current + 1:
            _last_steps[key] = step
            return str(totp.generate_otp(step))
        before = now_utc()
        time.sleep(0.001)
        assert now_utc() != before, "the clock is frozen: no later TOTP step will come"
        travel(dt.timedelta(seconds=totp.interval - now_utc().timestamp() % totp.interval + 0.05))
    raise AssertionError("no unused TOTP step")


async def issue_headers(session: AsyncSession, username: str) -> dict[str, str]:
    """A bearer header for ``username``'s new login session, as a full login would leave it.

    Only for an account a login would let in (active, status active, TOTP enrolled if an officer),
    so a test never holds a session the application would not have opened."""
    account = await session.scalar(select(Account).where(Account.username == username))
    assert account is not None, username
    assert account.active and account.status is AccountStatus.ACTIVE, (username, account.status)
    if account.kind is AccountKind.OFFICER:
        assert account.second_factor is SecondFactor.TOTP, f"{username} has not enrolled TOTP"
    if account.kind is AccountKind.ORG_MEMBER and account.second_factor is not SecondFactor.TOTP:
        # Organisation staff enrol TOTP at their first login; this stands for that enrolment.
        account.totp_secret, account.second_factor = TEST_TOTP_SECRET, SecondFactor.TOTP
    token, now = secrets.token_urlsafe(32), now_utc()
    session.add(
        LoginSession(
            token_hash=token_hash(token),
            csrf_token=secrets.token_urlsafe(32),
            account=account,
            second_factor_passed_at=None if account.second_factor is SecondFactor.NONE else now,
            created_at=now,
            expires_at=now + dt.timedelta(hours=8),
        )
    )
    # As the login request's own commit did: the test's savepoint is released, so a later request
    # that fails and rolls back does not take the account and its session with it.
    await session.commit()
    return {"Authorization": f"Bearer {token}"}


async def page_session(client: httpx.AsyncClient, session: AsyncSession, username: str) -> None:
    """Put a new login session of ``username`` in ``client``'s session cookie, as a browser holds it
    after logging in (pages then ask for the CSRF token they carry)."""
    headers = await issue_headers(session, username)
    client.cookies.clear()
    client.cookies.set("dancu_session", headers["Authorization"].removeprefix("Bearer "))


async def bearer_for(
    client: httpx.AsyncClient, username: str, password: str, *, totp_secret: str = TEST_TOTP_SECRET
) -> dict[str, str]:
    """Log in over the API: the password, then the TOTP code when the account uses TOTP (enrolling
    ``totp_secret`` first when the server asks for an enrolment, as at a first login)."""
    response = await client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    step = response.json()["second_factor"]
    if step == "enrol_totp":
        enrolled = await client.post(
            "/api/v1/auth/totp/confirm",
            json={"secret": totp_secret, "code": totp_now(totp_secret, username=username)},
            headers=headers,
        )
        assert enrolled.status_code == 204, enrolled.text
    elif step == "totp":
        code = totp_now(totp_secret, username=username)
        passed = await client.post("/api/v1/auth/second-factor", json={"code": code}, headers=headers)
        assert passed.status_code == 204, passed.text
    return headers


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


async def officer_page_login(
    client: httpx.AsyncClient,
    username: str,
    password: str,
    next: str = "/",
    *,
    secret: str = TEST_TOTP_SECRET,
) -> str:
    """Log an officer in through the login form and the second-factor form, as a browser does;
    keeps the session cookie on ``client`` and returns where the login leads."""
    page = await _password_step(client, username, password, next)
    assert page.headers["location"].startswith("/login/second-factor"), page.headers["location"]
    return await _second_step(client, page, username, secret)


async def page_login(
    client: httpx.AsyncClient,
    username: str,
    password: str,
    next: str = "",
    *,
    secret: str = TEST_TOTP_SECRET,
) -> str:
    """Log anyone in through the login forms: the password, then the TOTP code, or the TOTP
    enrolment with ``secret`` at an officer's or organisation member's first login; keeps the
    session cookie on ``client`` and returns where the login leads."""
    page = await _password_step(client, username, password, next)
    if page.headers["location"].startswith("/login/"):
        return await _second_step(client, page, username, secret)
    return str(page.headers["location"])


async def _password_step(
    client: httpx.AsyncClient, username: str, password: str, next: str
) -> httpx.Response:
    client.cookies.clear()
    page = await login_form_post(client, username=username, password=password, next=next)
    assert page.status_code == 303, page.text
    client.cookies.set("dancu_session", page.cookies["dancu_session"])
    return page


async def _second_step(client: httpx.AsyncClient, page: httpx.Response, username: str, secret: str) -> str:
    location = page.headers["location"]
    form = await client.get(location)
    hidden_next = re.search(r'name="next" value="([^"]*)"', form.text)
    data = {
        "code": totp_now(secret, username=username),
        "csrf_token": csrf_of(form.text),
        "next": hidden_next.group(1) if hidden_next else "",
    }
    if location.startswith("/login/totp-setup"):
        data["secret"] = secret
    passed = await client.post(location.split("?")[0], data=data)
    assert passed.status_code == 303, passed.text
    # The session's token is rotated once the second factor passes: the browser keeps the new one.
    client.cookies.set("dancu_session", passed.cookies["dancu_session"])
    return str(passed.headers["location"])


async def login_form_post(client: httpx.AsyncClient, **data: str) -> httpx.Response:
    """Post the login form as a browser does: fetched first, with its CSRF token and cookie."""
    form = await client.get("/login")
    assert form.status_code == 200, form.text
    token = csrf_of(form.text)
    client.cookies.set("dancu_login_csrf", token, path="/login")
    return await client.post("/login", data={"next": "", **data, "csrf_token": token})


# --- Accounts ------------------------------------------------------------------------------------


async def make_officer(
    session: AsyncSession,
    *,
    username: str,
    role: OfficerRole,
    unit_code: str | None = None,
    unit_version: str | None = "2025",
    password: str = OFFICER_PASSWORD,
    totp_secret: str | None = TEST_TOTP_SECRET,
    position: Position = Position.HEAD,
) -> tuple[int, str]:
    """An officer account; by default the head of the unit, who decides on their own (TT 117/2026
    Điều 17 khoản 4) — tests of staff and deputies pass ``position``."""
    from dancu.identity.actions import create_officer

    account = await create_officer(
        session,
        username=username,
        password=password,
        display_name=username.title(),
        role=role,
        unit_code=unit_code,
        unit_version=unit_version,
        actor=SYSTEM,
        totp_secret=totp_secret,
        position=position,
    )
    return account.id, password


async def officer_headers(
    session: AsyncSession,
    username: str,
    role: OfficerRole,
    unit_code: str | None = None,
    position: Position = Position.HEAD,
) -> dict[str, str]:
    """A new officer (TOTP enrolled; the unit's head unless ``position`` says otherwise) and a session."""
    await make_officer(session, username=username, role=role, unit_code=unit_code, position=position)
    return await issue_headers(session, username)


async def registrar(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    """A C06 officer registers organisations and their mandates (Permission.ORG_REGISTER; no longer
    the operator, NĐ 70 Điều 10 khoản 1: the MPS identity agency decides what an organisation gets)."""
    return await officer_headers(session, "c06.tochuc", OfficerRole.IDENTITY_AGENCY)


async def operator(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    """The system operator: accounts, fee rates, connected systems — not organisations."""
    return await officer_headers(session, "c06.vanhanh", OfficerRole.OPERATOR)


async def c06(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    """An officer of the identity agency (C06), nationwide."""
    return await officer_headers(session, "c06.dangky", OfficerRole.IDENTITY_AGENCY)


async def citizen_headers(
    client: httpx.AsyncClient, session: AsyncSession, citizen_id: int
) -> dict[str, str]:
    """An active level-2 electronic identity account for the citizen, and a session of theirs."""
    username = f"cd{citizen_id}"
    session.add(
        Account(
            username=username,
            password_hash=hash_password(PASSWORD),
            display_name="Công dân",
            kind=AccountKind.CITIZEN,
            citizen_id=citizen_id,
            eid_level=EidLevel.LEVEL_2,
            status=AccountStatus.ACTIVE,
            created_at=now_utc(),
        )
    )
    await session.flush()
    return await issue_headers(session, username)


def organisation_body(
    admin: str, *, group: str = "k1", mandate: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "name": f"Tổ chức {admin}",
        "actor_group": group,
        "mandate": K1_MANDATE if mandate is None else mandate,
        "legal_basis": "Nghị định quy định chức năng, nhiệm vụ số 01/2025",
        "unit_code": "01",
        "unit_version": "2025",
        "admin": {"username": admin, "password": PASSWORD, "display_name": admin.title()},
        **extra,
    }


async def organisation(
    client: httpx.AsyncClient, headers: dict[str, str], admin: str, **kwargs: Any
) -> dict[str, Any]:
    """An organisation registered through the API by ``headers`` (the operator), with ``admin``."""
    response = await client.post(
        "/api/v1/organisations", json=organisation_body(admin, **kwargs), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def member(
    client: httpx.AsyncClient,
    session: AsyncSession,
    admin_headers: dict[str, str],
    organisation_id: int,
    username: str,
    scope: list[str] | None = None,
) -> dict[str, str]:
    """A staff member added through the API by the organisation's administrator, and their session."""
    body = {"username": username, "password": PASSWORD, "display_name": username, "field_scope": scope}
    response = await client.post(
        f"/api/v1/organisations/{organisation_id}/members", json=body, headers=admin_headers
    )
    assert response.status_code == 201, response.text
    return await issue_headers(session, username)


# --- People and request bodies -------------------------------------------------------------------


def address(unit: dict[str, str] = HOAN_KIEM, detail: str = "số 5 phố Tràng Tiền") -> dict[str, str]:
    return {**unit, "detail": detail}


def birth_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": {"family": "Nguyễn", "middle": "Minh", "given": "Khang"},
        "date_of_birth": "2026-10-02",
        "sex": "1",
        "place_of_birth": address(detail="Bệnh viện Phụ sản Hà Nội"),
        "birth_registration_place": HOAN_KIEM,
        "hometown": address(detail=""),
        "ethnicity": "01",
        "father": {"full_name": "Nguyễn Văn Hùng"},
        "mother": {"full_name": "Trần Thị Lan"},
        "permanent_residence": address(),
        "legal_basis": "Luật Hộ tịch 2014; NĐ 70/2024 Điều 11 khoản 2",
        "dossier_number": "KS-2026-000123",
    }
    body.update(overrides)
    return body


def born_aged(years: int) -> str:
    """The birth date (ISO) of someone who turned ``years`` three months ago (Vietnam's date): the
    age stays the same for the next nine months, whatever day the suite runs. A fixed date ages out
    of the rule a test is about (a child of 3 is 6 three years later)."""
    today = clock.today_vn()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without one
        birthday = today.replace(year=today.year - years, day=28)
    return (birthday - dt.timedelta(days=91)).isoformat()


async def child_of(
    client: httpx.AsyncClient, officer: dict[str, str], mother_pin: str, *, born_on: str
) -> str:
    """A child's birth registered with ``mother_pin`` as the mother (both records name the other);
    the child's PIN."""
    body = birth_body(date_of_birth=born_on, mother={"pin": mother_pin})
    born = await client.post("/api/v1/registry/births", json=body, headers=officer)
    assert born.status_code == 201, born.text
    pin: str = born.json()["pin"]
    return pin


def dossier(**extra: Any) -> dict[str, Any]:
    return {"legal_basis": "NĐ 70/2024/NĐ-CP Điều 6", "dossier_number": "HS-0001", **extra}


HCM = {"unit_code": "26506", "unit_version": "2025"}  # Phường Vũng Tàu, Hồ Chí Minh
STRANGER_NAME = "Võ Thị Sáu"


def stranger_birth(**overrides: Any) -> dict[str, Any]:
    """A woman born, registered and living in Hồ Chí Minh: outside every Hà Nội officer's territory."""
    return birth_body(
        full_name={"family": "Võ", "middle": "Thị", "given": "Sáu"},
        date_of_birth="1985-07-07",
        sex="2",
        religion="01",
        birth_registration_place=HCM,
        place_of_birth=address(HCM, "Bệnh viện Vũng Tàu"),
        hometown=address(HCM, ""),
        permanent_residence=address(HCM, "số 1 đường Hạ Long"),
        **overrides,
    )


async def person(client: httpx.AsyncClient, officer: dict[str, str], **overrides: Any) -> str:
    """A citizen born through the birth-registration API (born 1985, religion 01); returns the PIN."""
    body = birth_body(date_of_birth=DOB, religion="01", **overrides)
    response = await client.post("/api/v1/registry/births", json=body, headers=officer)
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


async def security_check(session: AsyncSession, organisation_id: int) -> None:
    """A05's written confirmation of the system's cyber-security, on record (TT 117/2026 Điều 11):
    without it a machine client gets no token."""
    import datetime as _dt

    from dancu.access.models import ConnectionSecurityCheck, SecurityCheckBasis, SecurityCheckResult
    from dancu.clock import now_utc as _now

    session.add(
        ConnectionSecurityCheck(
            organisation_id=organisation_id,
            basis=SecurityCheckBasis.A05_CONFIRMATION,
            result=SecurityCheckResult.CONFIRMED,
            document_number="123/A05-P3",
            document_date=_dt.date(2026, 1, 5),
            valid_until=None,
            recorded_at=_now(),
            recorded_by_account_id=None,
        )
    )
    await session.flush()


# NĐ 58/2026 makes "tài liệu chứng minh" part of every DC02 dossier: a small scan for the tests.
CORRECTION_PROOF = {
    "filename": "giay-to.png",
    "media_type": "image/png",
    "content_base64": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode(),
}


async def collect_undetermined(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    declaration: dict[str, Any],
    *,
    comparer: dict[str, str],
) -> dict[str, Any]:
    """A person of undetermined nationality collected the only way the register allows (NĐ 70 Điều 24
    khoản 4–6 as amended by NĐ 58/2026): the declaration opens a dossier, verification starts, the
    residence check is recorded, C06 (``comparer``) finds no match in the NPD and the Identity DB
    (khoản 5), and the head accepts. Returns the accepted dossier."""
    declaration = {"biometrics": ["fingerprints", "iris", "face"], **declaration}
    declaration.setdefault("residence", declaration.get("permanent_residence"))
    for key in ("nationality", "legal_basis", "dossier_number", "permanent_residence"):
        declaration.pop(key, None)
    opened = await client.post("/api/v1/undetermined", json=declaration, headers=officer)
    assert opened.status_code == 201, opened.text
    url = f"/api/v1/undetermined/{opened.json()['reference']}"
    assert (await client.post(f"{url}/verification", headers=officer)).status_code == 200
    check = {"agency": "Công an cấp xã nơi sinh sống", "since": "2020-01-01", "continuous": True}
    assert (await client.post(f"{url}/residence-check", json=check, headers=officer)).status_code == 200
    assert (await client.post(f"{url}/comparison", headers=officer)).status_code == 200
    answer = {"match_found": False, "note": "Không có thông tin trùng khớp"}
    assert (await client.post(f"{url}/comparison/answer", json=answer, headers=comparer)).status_code == 200
    accepted = await client.post(f"{url}/acceptance", headers=officer)
    assert accepted.status_code == 200, accepted.text
    result: dict[str, Any] = accepted.json()
    return result
