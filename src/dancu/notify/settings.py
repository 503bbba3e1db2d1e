"""Notification settings (environment, prefix ``DANCU_``); the development outbox is off by default."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TransportName(StrEnum):
    DEV = "dev"
    SMTP = "smtp"


class NotifySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DANCU_", extra="ignore")

    # Shows every outgoing message, unmasked, at /dev/outbox: for developer machines only.
    dev_outbox: bool = False
    notify_transport: TransportName = TransportName.DEV
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = "dancu@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    notify_max_attempts: int = Field(default=5, ge=1)
