"""What a server or worker checks before it starts: production refuses without its keys.

Production (``DANCU_MODE=production``, the default) needs the sealing keys (dancu.sealing) and the
passphrases that encrypt the private keys kept in the database (OIDC token signing, the access
log's checkpoints, documents); without them a copy of the database alone would open every secret
and could sign. The development outbox, which shows one-time codes unmasked, is refused there too.
Development starts without any of it and says, once at start, what it lacks.
"""

from __future__ import annotations

import logging
import os

from dancu import sealing
from dancu.audit import signing
from dancu.exploitation.documents import certificates
from dancu.identity.oidc import keys as oidc_keys
from dancu.notify.settings import NotifySettings
from dancu.settings import DeploymentMode, Settings

log = logging.getLogger("dancu.startup")

PASSPHRASES = (
    (oidc_keys.PASSPHRASE_ENV, "OIDC token signing keys"),
    (signing.PASSPHRASE_ENV, "access-log checkpoint signing keys"),
    (certificates.PASSPHRASE_ENV, "document signing keys"),
)


class StartupRefused(RuntimeError):
    """Production configuration is incomplete; the message lists every missing piece."""


def missing(settings: Settings) -> list[str]:
    """Each missing key or passphrase, as a line an operator can act on."""
    lines = [
        f"{name} is not set: the {what} are stored unencrypted"
        for name, what in PASSPHRASES
        if not os.environ.get(name)
    ]
    if settings.sealing_keys_file is None:
        lines.append(
            "DANCU_SEALING_KEYS_FILE is not set: secrets at rest (TOTP and webhook secrets, SMS bodies, "
            "attachments) are sealed with the public development key"
        )
    else:
        try:
            sealing.load_keyring(settings)
        except sealing.SealingError as exc:
            lines.append(f"DANCU_SEALING_KEYS_FILE: {exc.code} {exc.params}")
    if NotifySettings().dev_outbox:
        lines.append("DANCU_DEV_OUTBOX is on: /dev/outbox shows every message, one-time codes included")
    return lines


def check(settings: Settings) -> None:
    """Raise StartupRefused in production when anything is missing; warn in development."""
    lines = missing(settings)
    if settings.mode is DeploymentMode.PRODUCTION and lines:
        raise StartupRefused(
            "dancu refuses to start in production mode:\n  - "
            + "\n  - ".join(lines)
            + "\nSet them (docs/operations.md, 'Keys and secrets'), or DANCU_MODE=development on a "
            "developer machine."
        )
    if settings.mode is DeploymentMode.DEVELOPMENT:
        log.warning("development mode: not for real data")
        for line in lines:
            log.warning("development mode: %s", line)
