"""
Public functions for Open Badges 3.0 credentials (R22, R23): issue, revoke, publish and verify badges, draw and
bake their images, and issue the endorsements of a badge as credentials.

The REST layer, pages, admin, Celery tasks, receivers and commands call these; none of them builds or signs a
document itself. This module is only the front: the work is done in ``issue`` (issuing, revoking, publishing),
``verify`` (verification), ``images`` (the badge image of a track), ``baking`` (credentials baked into images)
and ``endorsements`` (EndorsementCredentials); ``signing`` holds what issuing badges and endorsements share.
"""

from openedx_dcp.credentials.baking import baked_png, baked_svg, unbake
from openedx_dcp.credentials.documents import achievement_image_url
from openedx_dcp.credentials.endorsements import (
    endorsement_credential_on_site,
    endorsement_credentials_for,
    endorsement_credentials_for_each,
    endorsement_credentials_of,
    has_endorsement_consent,
    issue_endorsement_credentials,
    revoke_endorsement_credential,
    secured_endorsement,
    set_endorsement_consent,
)
from openedx_dcp.credentials.images import max_upload_bytes as badge_image_max_bytes
from openedx_dcp.credentials.images import normalize_upload, track_badge_png, track_badge_svg
from openedx_dcp.credentials.issue import (
    REVOCATION_REASONS,
    achievement,
    backfill_data_integrity_proofs,
    credential_on_site,
    credential_period,
    credentials_visible_to,
    did_document,
    issue_credential,
    issue_missing_credentials,
    issuer_profile,
    jwks,
    live_badges_of,
    newest_credentials_of,
    public_key,
    reconcile_credentials,
    require_may_download,
    resign_credential,
    resign_credentials_of_compromised_keys,
    retire_user,
    revoke_credential,
    revoke_membership_credentials,
    secured_document,
    status_list_credential,
    status_list_jwt,
    status_list_on_site,
    status_list_secured,
    track_on_site,
)
from openedx_dcp.credentials.verify import (
    Verification,
    verify_credential_id,
    verify_data_integrity,
    verify_document,
    verify_jwt,
)

__all__ = [
    "issue_credential",
    "issue_missing_credentials",
    "credential_period",
    "revoke_credential",
    "retire_user",
    "newest_credentials_of",
    "revoke_membership_credentials",
    "resign_credential",
    "reconcile_credentials",
    "REVOCATION_REASONS",
    "resign_credentials_of_compromised_keys",
    "backfill_data_integrity_proofs",
    "credential_on_site",
    "credentials_visible_to",
    "require_may_download",
    "live_badges_of",
    "issuer_profile",
    "did_document",
    "secured_document",
    "status_list_secured",
    "achievement",
    "track_on_site",
    "public_key",
    "jwks",
    "status_list_on_site",
    "status_list_credential",
    "status_list_jwt",
    "verify_jwt",
    "verify_document",
    "verify_data_integrity",
    "verify_credential_id",
    "Verification",
    "track_badge_svg",
    "track_badge_png",
    "normalize_upload",
    "badge_image_max_bytes",
    "achievement_image_url",
    "baked_svg",
    "baked_png",
    "unbake",
    "endorsement_credentials_for",
    "endorsement_credentials_for_each",
    "endorsement_credentials_of",
    "endorsement_credential_on_site",
    "set_endorsement_consent",
    "has_endorsement_consent",
    "issue_endorsement_credentials",
    "revoke_endorsement_credential",
    "secured_endorsement",
]
