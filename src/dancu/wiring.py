"""What every entry point (the web app, the CLI and the worker it runs, the tests) sets up first.

The aggregators sit above every feature package and are imported only here: ``dancu.models`` (every
table mapped, so foreign keys between packages resolve) and ``dancu.messages`` (the vi/en catalogue
that ``dancu.i18n`` serves). The hooks are how a lower package reaches a higher one without
importing it: the register's death hook is identity's ``lock_on_death``, and the job queue runs
the handlers registered here by kind; exploitation asks privacy which subjects restrict
consent-based provision.
"""

from __future__ import annotations

from dancu import i18n
from dancu import models as _models  # noqa: F401  (every table mapped before the first session)
from dancu.corrections.actions import on_refusal
from dancu.exploitation.documents.correction_letters import (
    correction_refusal_letter,
    undetermined_refusal_letter,
    undetermined_reply_file,
)
from dancu.exploitation.requests.actions.restrictions import on_restrictions
from dancu.exploitation.requests.verification import PermitGate
from dancu.identity.citizens import lock_on_death
from dancu.jobs import worker
from dancu.jobs.models import JobKind
from dancu.lookup import gate
from dancu.messages import CATALOGUE
from dancu.privacy.queries import restricted_among
from dancu.registry.actions.items import on_death
from dancu.registry.pages import on_person_page
from dancu.sharing.reconcile import handler as reconcile_handler
from dancu.undetermined.actions import on_refusal as on_undetermined_refusal
from dancu.undetermined.panels import certificate_panel
from dancu.undetermined.queries import on_reply_file


def wire() -> None:
    """Idempotent: ``dancu.app`` and the CLI call it when they are imported."""
    i18n.install(CATALOGUE)
    on_death(lock_on_death)
    on_restrictions(restricted_among)
    on_refusal(correction_refusal_letter)
    on_undetermined_refusal(undetermined_refusal_letter)
    on_reply_file(undetermined_reply_file)
    on_person_page(certificate_panel)
    worker.register(JobKind.RECONCILE, reconcile_handler.run)
    gate.register(PermitGate())
