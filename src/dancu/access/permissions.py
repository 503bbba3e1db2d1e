"""Every thing an actor may do is a permission; every route declares the one it needs."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    # Register: reads of personal data and officer procedures (NĐ 70 Điều 5, 6).
    CITIZEN_READ = "registry:citizen:read"
    CITIZEN_SEARCH = "registry:citizen:search"
    CITIZEN_HISTORY = "registry:citizen:history"
    BIRTH_REGISTER = "registry:birth:register"
    CITIZEN_COLLECT = "registry:citizen:collect"
    CITIZEN_UPDATE = "registry:citizen:update"
    CITIZEN_ADJUST = "registry:citizen:adjust"
    DEATH_RECORD = "registry:death:record"
    RESIDENCE_CHANGE = "registry:residence:change"
    HOUSEHOLD_CHANGE = "registry:household:change"
    RELATION_CHANGE = "registry:relation:change"
    CARD_RECORD = "registry:card:record"
    PIN_MANAGE = "registry:pin:manage"
    # Code tables and the PIN rules are public information.
    GEO_READ = "geo:read"
    PIN_DECODE = "pin:decode"
    # Accounts: every logged-in user may see and end their own sessions.
    SELF = "identity:self"
    ACCOUNT_MANAGE = "identity:account:manage"
    EID_UPGRADE = "identity:eid:upgrade"  # record the in-person check for level 2 (NĐ 69 Điều 10)
    EID_LOCK = "identity:eid:lock"  # lock or unlock another person's e-ID (Luật Điều 34)
    ORG_REGISTER = "access:organisation:register"  # accounts and mandates of organisations
    AUDIT_READ = "audit:event:read"
    AUDIT_VERIFY = "audit:log:verify"
    # Citizens, through the identity app (Luật Điều 10 khoản 7).
    OWN_DATA_READ = "citizen:own:read"
    OWN_TRACKER_READ = "citizen:own:tracker"
    # Organisation members.
    LOOKUP = "access:citizen:lookup"  # k1: name + date of birth + PIN → the mandate's fields
    VERIFY = "access:citizen:verify"  # yes/no questions that release no data (B7)
    ORG_MANAGE = "access:organisation:manage"  # an organisation's admin manages its sub-accounts
    # Exploitation requests (exploitation/requests; NĐ 70 Điều 9, 10; Luật Điều 10 khoản 8).
    REQUEST_SUBMIT = "exploitation:request:submit"  # organisation members and citizens file requests
    REQUEST_DECIDE = "exploitation:request:decide"  # the competent officer decides (Điều 9)
    REQUEST_REGISTER_WRITTEN = "exploitation:request:register_written"  # paper requests, by officers
    CONSENT_DECIDE = "exploitation:consent:decide"  # a data subject (or representative) consents
    # Written delegations to a deputy (TT 117/2026 Điều 3 khoản 6): the unit's officers see them, the
    # head gives and revokes them (checked on the position, competence.actions).
    DELEGATION_MANAGE = "competence:delegation:manage"
    # Fees (TT 48/2022/TT-BTC): operators keep the rate table; collecting officers record payments.
    FEE_MANAGE = "fees:rate:manage"
    FEE_COLLECT = "fees:payment:collect"
    # Corrections requested by the citizen (DC02; NĐ 70 Điều 6 khoản 3).
    CORRECTION_FILE = "citizen:correction:file"  # a citizen asks to correct their own record
    CORRECTION_DECIDE = "registry:correction:decide"  # the commune police approve or refuse
    # People of Vietnamese origin with undetermined nationality (NĐ 70 Điều 24 as amended by NĐ 58/2026):
    # the receiving police verify and decide; the MPS identity agency issues identity certificates.
    UNDETERMINED_HANDLE = "registry:undetermined:handle"
    CERTIFICATE_ISSUE = "registry:identity_certificate:issue"
    CERTIFICATE_RENEW = "registry:identity_certificate:renew"
    # Documents (exploitation/documents): confirmations and as-of certificates, revocation.
    DOCUMENT_ISSUE = "documents:document:issue"
    DOCUMENT_REVOKE = "documents:document:revoke"
    # Sharing: change feed and connected systems (dancu.sharing.feed).
    FEED_READ = "sharing:feed:read"  # a k1 machine client subscribes to and pulls the change feed
    SYSTEMS_MANAGE = "sharing:systems:manage"  # the operator registers connected systems, rotates keys
    # Reconciliation (sharing.reconcile): a k1 body compares its database with the register.
    RECONCILE = "sharing:batch:reconcile"
    # Identity (issue 3): a citizen asks for the portal account of an organisation they legally
    # represent (NĐ 69 Điều 12; needs a level-2 e-ID, checked by RequiresLevel2).
    PORTAL_ACCOUNT_REQUEST = "access:portal_account:request"
    # The data subject's rights and the operator's duties (privacy; Luật 91/2025, NĐ 356/2025).
    PRIVACY_FILE = "citizen:privacy:file"  # a subject asks to exercise a right about themself
    PRIVACY_REGISTER_WRITTEN = "privacy:request:register_written"  # officers take paper requests
    PRIVACY_DECIDE = "privacy:request:decide"  # the identity agency answers them
    BREACH_MANAGE = "privacy:breach:manage"  # the breach register and its notifications


class OfficerRole(StrEnum):
    """Officer roles by tier (NĐ 70 Điều 4 khoản 2 as amended: provincial and commune police)."""

    COMMUNE_POLICE = "commune_police"  # Công an cấp xã
    PROVINCIAL_POLICE = "provincial_police"  # Công an cấp tỉnh (PC06)
    IDENTITY_AGENCY = "identity_agency"  # Cơ quan quản lý căn cước, Bộ Công an (C06)
    AUDITOR = "auditor"
    OPERATOR = "operator"

    @property
    def label_vi(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    OfficerRole.COMMUNE_POLICE: "Công an cấp xã",
    OfficerRole.PROVINCIAL_POLICE: "Công an cấp tỉnh",
    OfficerRole.IDENTITY_AGENCY: "Cơ quan quản lý căn cước Bộ Công an",
    OfficerRole.AUDITOR: "Kiểm toán viên",
    OfficerRole.OPERATOR: "Quản trị vận hành",
}

_REGISTRATION = frozenset(
    {
        Permission.CITIZEN_READ,
        Permission.CITIZEN_SEARCH,
        Permission.CITIZEN_HISTORY,
        Permission.BIRTH_REGISTER,
        Permission.CITIZEN_COLLECT,
        Permission.CITIZEN_UPDATE,
        Permission.CITIZEN_ADJUST,
        Permission.DEATH_RECORD,
        Permission.RESIDENCE_CHANGE,
        Permission.HOUSEHOLD_CHANGE,
        Permission.RELATION_CHANGE,
        Permission.CARD_RECORD,
        Permission.GEO_READ,
        Permission.PIN_DECODE,
        Permission.SELF,
        Permission.EID_UPGRADE,
        Permission.EID_LOCK,
        Permission.DOCUMENT_ISSUE,
        Permission.DOCUMENT_REVOKE,
    }
)

ROLE_PERMISSIONS: dict[OfficerRole, frozenset[Permission]] = {
    # Collectors of the fee (TT 48 Điều 3): C06, provincial PC06 and commune police.
    OfficerRole.COMMUNE_POLICE: _REGISTRATION | {Permission.FEE_COLLECT, Permission.CORRECTION_DECIDE},
    # The province police hold the corrections of residents whose old commune the map cannot tell,
    # assign the commune police (domain.md §1.5) and decide those received at the provincial
    # identity office ("Thủ trưởng cơ quan tiếp nhận hồ sơ", new NĐ 70 Điều 24, §2.3).
    OfficerRole.PROVINCIAL_POLICE: _REGISTRATION | {Permission.FEE_COLLECT, Permission.CORRECTION_DECIDE},
    # Only the MPS identity agency assigns, cancels and re-establishes PINs (NĐ 70 Điều 11 khoản 4, 7).
    # It also registers organisations and their mandates, and relying parties (NĐ 70 Điều 10 khoản 1).
    OfficerRole.IDENTITY_AGENCY: _REGISTRATION
    | {Permission.PIN_MANAGE, Permission.ORG_REGISTER, Permission.FEE_COLLECT},
    OfficerRole.AUDITOR: frozenset(
        {
            Permission.AUDIT_READ,
            Permission.AUDIT_VERIFY,
            Permission.GEO_READ,
            Permission.PIN_DECODE,
            Permission.SELF,
        }
    ),
    # The operator runs the system; it no longer registers organisations or their field mandates:
    # that decides what data leaves the register and is the identity agency's (C06) act.
    OfficerRole.OPERATOR: frozenset(
        {
            Permission.ACCOUNT_MANAGE,
            Permission.FEE_MANAGE,
            Permission.SYSTEMS_MANAGE,
            Permission.GEO_READ,
            Permission.PIN_DECODE,
            Permission.SELF,
        }
    ),
}


CITIZEN_PERMISSIONS = frozenset(
    {
        Permission.SELF,
        Permission.OWN_DATA_READ,
        Permission.OWN_TRACKER_READ,
        Permission.CORRECTION_FILE,
        Permission.GEO_READ,
        Permission.PIN_DECODE,
        Permission.PORTAL_ACCOUNT_REQUEST,
    }
)
# What an organisation member may do depends on the organisation's group: only k1 bodies look
# people up directly (NĐ 70 Điều 10 khoản 1); everyone may ask yes/no questions (B7).
K1_MEMBER_PERMISSIONS = frozenset(
    {
        Permission.SELF,
        Permission.LOOKUP,
        Permission.VERIFY,
        Permission.GEO_READ,
        Permission.FEED_READ,
        Permission.RECONCILE,
    }
)
OTHER_MEMBER_PERMISSIONS = frozenset({Permission.SELF, Permission.VERIFY, Permission.GEO_READ})


# Exploitation requests (exploitation/requests): the deciding tiers decide and register paper
# requests; organisation members and citizens file requests; citizens decide on consent.
_REQUEST_OFFICER = frozenset(
    {Permission.REQUEST_DECIDE, Permission.REQUEST_REGISTER_WRITTEN, Permission.DELEGATION_MANAGE}
)
for _role in (OfficerRole.COMMUNE_POLICE, OfficerRole.PROVINCIAL_POLICE, OfficerRole.IDENTITY_AGENCY):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _REQUEST_OFFICER
CITIZEN_PERMISSIONS = CITIZEN_PERMISSIONS | {Permission.REQUEST_SUBMIT, Permission.CONSENT_DECIDE}
K1_MEMBER_PERMISSIONS = K1_MEMBER_PERMISSIONS | {Permission.REQUEST_SUBMIT}
OTHER_MEMBER_PERMISSIONS = OTHER_MEMBER_PERMISSIONS | {Permission.REQUEST_SUBMIT}

# The data subject's rights (privacy): citizens file; the police take paper requests for them; the
# identity agency, which manages the register (Luật Căn cước Điều 8 khoản 1), answers and keeps the
# breach register.
for _role in (OfficerRole.COMMUNE_POLICE, OfficerRole.PROVINCIAL_POLICE, OfficerRole.IDENTITY_AGENCY):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Permission.PRIVACY_REGISTER_WRITTEN}
ROLE_PERMISSIONS[OfficerRole.IDENTITY_AGENCY] = ROLE_PERMISSIONS[OfficerRole.IDENTITY_AGENCY] | {
    Permission.PRIVACY_DECIDE,
    Permission.BREACH_MANAGE,
}
CITIZEN_PERMISSIONS = CITIZEN_PERMISSIONS | {Permission.PRIVACY_FILE}

# Undetermined nationality: a commune police of the province where the person lives or the provincial
# identity office receives and verifies (Điều 24 khoản 1, 4); C06 issues the identity certificate
# (khoản 7) and sees the accepted dossiers; a certificate is renewed anywhere (Điều 26 khoản 1).
for _role in (OfficerRole.COMMUNE_POLICE, OfficerRole.PROVINCIAL_POLICE, OfficerRole.IDENTITY_AGENCY):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {
        Permission.UNDETERMINED_HANDLE,
        Permission.CERTIFICATE_RENEW,
    }
ROLE_PERMISSIONS[OfficerRole.IDENTITY_AGENCY] = ROLE_PERMISSIONS[OfficerRole.IDENTITY_AGENCY] | {
    Permission.CERTIFICATE_ISSUE
}
