"""Settings come from the environment only (prefix ``DANCU_``), with safe defaults."""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "dancu"


class PasswordHashProfile(StrEnum):
    """The cost of argon2id: production everywhere; ``test`` only for the test suite, where hashing
    at production cost took most of the run. A hash made under ``test`` is rehashed at production
    cost the next time its owner logs in under ``production``."""

    PRODUCTION = "production"
    TEST = "test"


class DeploymentMode(StrEnum):
    """``production`` (the default) refuses to start without its keys and passphrases
    (dancu.ops.startup); ``development`` starts without them, with a built-in sealing key that is
    not secret, and says so at start. scripts/run and the test suite set ``development``."""

    PRODUCTION = "production"
    DEVELOPMENT = "development"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DANCU_", extra="ignore")

    mode: DeploymentMode = DeploymentMode.PRODUCTION
    # The keys that seal secrets at rest (dancu.sealing): one "<key id> <base64 of 32 bytes>" a
    # line, the first sealing new values, every line opening old ones (rotation). Required in
    # production; `dancu sealing new-key` prints a line.
    sealing_keys_file: Path | None = None

    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{DEFAULT_DATA_DIR / 'dancu.sqlite3'}",
        description="SQLAlchemy async URL of the primary (all writes); SQLite file by default, "
        "postgresql+asyncpg:// in production (several hosts and target_session_attrs=read-write reach "
        "whichever node is the primary).",
    )
    # Connections go through PgBouncer in transaction mode: prepared statements get unique names.
    database_pgbouncer: bool = False
    # Streaming replicas for reads that may be slightly stale (lookups' subject read, search, the
    # Data Tracker, the change feed), comma-separated in the environment; empty: every read on the
    # primary.
    database_replica_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # A replica further behind than this is passed over (reads go to the primary instead).
    replica_max_lag_seconds: float = Field(default=5.0, gt=0)
    # How often replicas' reachability and lag are probed (at most; probes run on request paths).
    replica_probe_seconds: float = Field(default=2.0, gt=0)
    # After a login writes, its reads go to the primary unless a replica has replayed past the
    # write's commit; the memory of that write is kept this long.
    read_your_writes_seconds: int = Field(default=60, ge=1)
    # Retry-After sent with 503 when the database cannot be reached (a failover takes 10-30 s).
    unavailable_retry_after_seconds: int = Field(default=5, ge=1, le=300)
    # Bearer token that a Prometheus scraper presents on /metrics; unset, /metrics answers 404.
    metrics_token: SecretStr | None = Field(default=None, min_length=16)
    # Cookies are marked Secure unless explicitly running over plain HTTP on a developer machine.
    cookie_secure: bool = True
    session_hours: int = Field(default=8, ge=1, le=72)
    default_language: str = Field(default="vi", pattern="^(vi|en)$")
    # Officer login: failures before lock-out, and the first lock-out in seconds (doubles each time).
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=60, ge=1)
    timezone: str = "Asia/Ho_Chi_Minh"
    sql_echo: bool = False
    # The operator's working-day calendar (JSON, same shape as dancu/calendar/data/vn_calendar.json):
    # the year's Tết plan, extra days off and make-up working days, merged over the shipped data.
    calendar_file: Path | None = None
    # The operator's configuration directory: a JSON file there (channel_matrix.json, routing.json,
    # procedure.json, pauses.json, rates.json, verification.json, delegations.json …) replaces the
    # packaged default of the same name; all are checked at start (dancu.configdir).
    config_dir: Path | None = None
    # The largest request body (413 beyond it); routes taking files use upload_max_bytes or their
    # own limit (dancu.web.body_limit.UPLOADS).
    body_max_bytes: int = Field(default=1024 * 1024, ge=1024)
    upload_max_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    # How long a server process keeps the actor of a bearer session on the API (identity/login_cache.py):
    # a logout or a locked account reaches the other processes within this time; 0: never kept.
    auth_cache_seconds: float = Field(default=2.0, ge=0, le=60)
    # How long the access log's group commit waits, at most, for the lookups, questions, own-record
    # reads and searches still reading their people before it commits the entries waiting
    # (docs/adr/0017, "session 22"); an idle server never waits. 0: a group commits what waits at once.
    log_gather_ms: float = Field(default=3.0, ge=0, le=50)
    # FastAPI's own OpenTelemetry spans, metrics and logs for every request, sent to the process's
    # global OpenTelemetry providers (which the operator sets up, e.g. with opentelemetry-instrument).
    # Off, FastAPI skips its per-request look at those providers: 2-4 % of a lookup's server CPU
    # (docs/adr/0017, session 14). dancu's own metrics are /metrics, whatever this says.
    opentelemetry: bool = False
    # Requests a minute per client address (every request) and per account or machine client
    # (authenticated requests), per worker; 0 switches a limit off (dancu.web.rate_limit).
    rate_limit_client_per_minute: int = Field(default=1200, ge=0)
    rate_limit_account_per_minute: int = Field(default=600, ge=0)
    # Proof attached to a citizen's correction request (PDF, JPEG or PNG), at most this many bytes.
    attachment_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    # The public address printed in documents' QR codes (https://…); the request's own base if unset.
    public_base_url: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    # Reconciliation batches (sharing.reconcile): the largest file accepted, and the most rows.
    reconcile_max_bytes: int = Field(default=512 * 1024 * 1024, ge=1024)
    reconcile_max_rows: int = Field(default=5_000_000, ge=1)
    # Private networks webhooks may reach (CIDRs, JSON list), e.g. a ministry's own receivers;
    # everything not public is refused otherwise (dancu.sharing.feed.egress).
    webhook_allow_networks: list[str] = Field(default_factory=list)
    # The OpenID Connect issuer (discovery, iss and aud of tokens). None: derived from the request's
    # base URL, which is right only when no proxy rewrites the host; production sets it.
    # The front door and every page's header and footer name the operating agency (branding).
    agency_name: str = Field(
        default="Bộ Công an — Cục Cảnh sát quản lý hành chính về trật tự xã hội", min_length=1
    )
    # The agency's name on an English page (the language switch): its official English name.
    agency_name_en: str = Field(
        default="Ministry of Public Security — Police Department for Administrative Management"
        " of Social Order",
        min_length=1,
    )
    # A path under /static (or an https:// address) of the emblem shown next to the agency's name.
    emblem_path: str = Field(default="/static/emblem.svg", pattern=r"^(/static/[\w./-]+|https://[^\s]+)$")
    footer_text: str = Field(
        default="Cơ sở dữ liệu quốc gia về dân cư · Luật Căn cước 2023 · Nghị định 70/2024/NĐ-CP"
        " · phần mềm nguồn mở",
        min_length=1,
    )
    # The footer an English page shows (the language switch): the same words, translated.
    footer_text_en: str = Field(
        default="National Population Database · Law on Identification 2023 · Decree 70/2024/NĐ-CP"
        " · open-source software",
        min_length=1,
    )
    oidc_issuer: str | None = Field(default=None, pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
    # Never set outside the test suite (tests/conftest.py sets it): see PasswordHashProfile.
    password_hash_profile: PasswordHashProfile = PasswordHashProfile.PRODUCTION

    @field_validator("database_replica_urls", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [url.strip() for url in value.split(",") if url.strip()]
        return value

    @field_validator("webhook_allow_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            ipaddress.ip_network(network, strict=False)  # ValueError names the bad entry
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
