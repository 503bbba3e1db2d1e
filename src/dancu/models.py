"""Every model module, imported so that ``Base.metadata`` is complete and every foreign key between
packages (account → organisation) resolves.

This aggregator sits at the top, beside the app: the entry points import it (``dancu.app``, the
CLI, Alembic's ``env.py``, the tests) before they open a session. ``dancu.db`` stays below every
feature package and imports none of them."""

from dancu.access import models as access_models
from dancu.audit import models as audit_models
from dancu.competence import models as competence_models
from dancu.corrections import models as corrections_models
from dancu.exploitation.documents import models as documents_models
from dancu.exploitation.fees import models as fees_models
from dancu.exploitation.requests import models as request_models
from dancu.identity import eid_models as identity_eid_models
from dancu.identity import models as identity_models
from dancu.identity.oidc import models as oidc_models  # noqa: F401
from dancu.jobs import models as jobs_models
from dancu.lookup import models as lookup_models
from dancu.notify import models as notify_models
from dancu.privacy import models as privacy_models
from dancu.registry import models as registry_models
from dancu.sharing.feed import models as sharing_feed_models  # noqa: F401
from dancu.sharing.reconcile import models as reconcile_models
from dancu.undetermined import models as undetermined_models

__all__ = [
    "access_models",
    "audit_models",
    "competence_models",
    "corrections_models",
    "documents_models",
    "fees_models",
    "identity_eid_models",
    "identity_models",
    "jobs_models",
    "lookup_models",
    "notify_models",
    "privacy_models",
    "reconcile_models",
    "registry_models",
    "request_models",
    "undetermined_models",
]
