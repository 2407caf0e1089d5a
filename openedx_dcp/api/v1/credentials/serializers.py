"""
Serializers of the credentials API (R22, R23): they shape output only; credentials are built in
``openedx_dcp.credentials``.
"""

import uuid
from types import SimpleNamespace

from rest_framework import serializers

from openedx_dcp.api.v1.lists import PlannedListSerializer, datetime_text
from openedx_dcp.credentials import documents
from openedx_dcp.credentials.models import BadgeCredential
from openedx_dcp.prepared import PreparedQuery

__all__ = [
    "credential_list_items",
    "CredentialDetailSerializer",
    "CredentialSerializer",
    "PublicBadgeSerializer",
    "PublicBadgesSerializer",
    "RevokeSerializer",
    "VerifyRequestSerializer",
]

# The public id of the stand-in credential whose URLs are the templates of a page's (``CredentialSerializer._url``).
_STAND_IN_ID = uuid.uuid4()


class CredentialSerializer(serializers.Serializer):
    """A credential as its holder or program staff see it in a list."""

    public_id = serializers.UUIDField()
    id = serializers.SerializerMethodField(help_text="The credential's public URL (its id).")
    program = serializers.CharField(source="program.slug")
    track = serializers.CharField(source="track.slug")
    track_name = serializers.CharField(source="track.name")
    member = serializers.SerializerMethodField()
    term_number = serializers.IntegerField()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True, help_text="When it was revoked; null while live.")
    revocation_reason = serializers.CharField()
    revocation_reason_published = serializers.BooleanField()
    kid = serializers.CharField()
    alg = serializers.CharField()
    jwt_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    download_json = serializers.SerializerMethodField()
    download_jwt = serializers.SerializerMethodField()

    class Meta:
        # A page of the list is shaped by a plan of these fields (P3, ADR 0025).
        list_serializer_class = PlannedListSerializer

    def _url(self, credential, make):
        """
        ``make(credential)``, one of the credential's URLs. Made once per program and serializer (a page) for a
        stand-in credential, then given each credential's public id in place of the stand-in's: ``reverse`` for
        every URL of every row was most of a page's cost (P3, ADR 0025).
        """
        templates = self.__dict__.setdefault("_url_templates", {})
        key = (make, credential.program_id)
        if key not in templates:
            templates[key] = make(SimpleNamespace(program=credential.program, public_id=_STAND_IN_ID))
        return templates[key].replace(str(_STAND_IN_ID), str(credential.public_id))

    def get_id(self, credential) -> str:
        return self._url(credential, documents.credential_url)

    def get_member(self, credential) -> str:
        membership = credential.membership
        return membership.user.get_username() if membership.user_id else membership.organization.name

    def get_jwt_url(self, credential) -> str:
        return self._url(credential, documents.credential_jwt_url)

    def get_verify_url(self, credential) -> str:
        return self._url(credential, documents.verify_url)

    def get_download_json(self, credential) -> str:
        return self._url(credential, _download_json_url)

    def get_download_jwt(self, credential) -> str:
        return self._url(credential, _download_jwt_url)


def _download_json_url(credential):
    return documents.public_url(credential.program.site, "dcp-credential-download-json", public_id=credential.public_id)


def _download_jwt_url(credential):
    return documents.public_url(credential.program.site, "dcp-credential-download-jwt", public_id=credential.public_id)


# What ``credential_list_items`` reads of each credential, in one ``values()`` query (none of the signed document).
_LIST_COLUMNS = (
    "id", "public_id", "program_id", "program__slug", "track__slug", "track__name", "membership__user_id",
    "membership__user__username", "membership__organization__name", "term_number", "valid_from", "valid_until",
    "issued_at", "revoked_at", "revocation_reason", "revocation_reason_published", "kid", "alg",
)
_URLS = (("id", documents.credential_url), ("jwt_url", documents.credential_jwt_url),
         ("verify_url", documents.verify_url), ("download_json", _download_json_url),
         ("download_jwt", _download_jwt_url))


def _datetime(value):
    return None if value is None else datetime_text(value)


def _list_rows(shape, *, ids):
    return BadgeCredential.objects.order_by().filter(pk__in=ids).values(*_LIST_COLUMNS)


# A list page's rows: the same query on every page, compiled once per process (openedx_dcp.prepared, P3).
_LIST_ROWS = PreparedQuery(_list_rows)


def credential_list_items(ids, *, site):
    """
    The credentials ``ids`` of tenant ``site``, in that order, as ``CredentialSerializer`` answers them (a test
    holds the two equal): plain rows of one prepared query, each URL made once for the page and given each
    row's public id. ``ids`` come from a list the caller may see (``credentials_visible_to``, the tenant's).
    """
    rows = {row["id"]: row for row in _LIST_ROWS.rows(None, int_lists={"ids": list(ids)})}
    stand_in = SimpleNamespace(program=SimpleNamespace(site=site), public_id=_STAND_IN_ID)
    templates = [(name, make(stand_in)) for name, make in _URLS]
    items = []
    for row in (rows[pk] for pk in ids if pk in rows):
        public_id = str(row["public_id"])
        urls = {name: template.replace(str(_STAND_IN_ID), public_id) for name, template in templates}
        items.append({
            "public_id": public_id, "id": urls["id"], "program": row["program__slug"], "track": row["track__slug"],
            "track_name": row["track__name"],
            "member": (row["membership__user__username"] if row["membership__user_id"]
                       else row["membership__organization__name"]),
            "term_number": row["term_number"], "valid_from": _datetime(row["valid_from"]),
            "valid_until": _datetime(row["valid_until"]), "issued_at": _datetime(row["issued_at"]),
            "revoked_at": _datetime(row["revoked_at"]), "revocation_reason": row["revocation_reason"],
            "revocation_reason_published": row["revocation_reason_published"], "kid": row["kid"], "alg": row["alg"],
            "jwt_url": urls["jwt_url"], "verify_url": urls["verify_url"], "download_json": urls["download_json"],
            "download_jwt": urls["download_jwt"],
        })
    return items


class CredentialDetailSerializer(CredentialSerializer):
    """One credential with its signed document and VC-JWT."""

    document = serializers.JSONField()
    jwt = serializers.CharField()


class PublicBadgeSerializer(serializers.Serializer):
    """A live badge as the LMS profile MFE widget shows it (R23)."""

    program = serializers.CharField(source="program.name")
    track = serializers.CharField(source="track.slug")
    track_name = serializers.CharField(source="track.name")
    image = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField()
    jwt_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()

    def get_image(self, credential) -> str:
        image = credential.document.get("image") or credential.document["credentialSubject"]["achievement"].get(
            "image"
        )
        return image["id"] if image else None

    def get_credential_url(self, credential) -> str:
        return documents.credential_url(credential)

    def get_jwt_url(self, credential) -> str:
        return documents.credential_jwt_url(credential)

    def get_verify_url(self, credential) -> str:
        return documents.verify_url(credential)


class PublicBadgesSerializer(serializers.Serializer):
    """The answer of the public badges endpoint: the username asked about and their live badges."""

    username = serializers.CharField()
    badges = PublicBadgeSerializer(many=True)


class RevokeSerializer(serializers.Serializer):
    """Input of a staff revocation."""

    reason = serializers.CharField(max_length=255)
    publish_reason = serializers.BooleanField(
        default=False, help_text="Show the reason to anyone who verifies the credential (hidden by default)."
    )


class VerifyRequestSerializer(serializers.Serializer):
    """
    What to verify: exactly one of a VC-JWT, a credential in JSON, or a credential id (its URL or public id).
    """

    jwt = serializers.CharField(required=False, trim_whitespace=True, max_length=100_000)
    credential = serializers.JSONField(required=False)
    id = serializers.CharField(required=False, max_length=2000)

    def validate(self, attrs):
        given = [name for name in ("jwt", "credential", "id") if attrs.get(name)]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"jwt": ["Give exactly one credential to verify: 'jwt', 'credential' (JSON) or 'id'."]}
            )
        return attrs


class EndorsementCredentialSerializer(serializers.Serializer):
    """An issued EndorsementCredential, as the badge's public list and the consent endpoint show it."""

    id = serializers.SerializerMethodField()
    jwt_url = serializers.SerializerMethodField()
    endorser = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()
    issued_at = serializers.DateTimeField()

    def get_id(self, credential) -> str:
        return credential.document["id"]

    def get_jwt_url(self, credential) -> str:
        return documents.public_url(credential.program.site, "dcp-public-endorsement-credential-jwt",
                                    public_id=credential.public_id)

    def get_endorser(self, credential) -> str:
        return credential.document["name"]

    def get_comment(self, credential) -> str:
        return credential.document["credentialSubject"].get("endorsementComment", "")


class EndorsementConsentSerializer(serializers.Serializer):
    """``{"consent": true}``: publish the endorsement as an EndorsementCredential if the nominee is selected."""

    consent = serializers.BooleanField(
        help_text="Whether the endorsement (the endorser's name and statement) is published as a verifiable "
                  "EndorsementCredential on the member's badge once the nominee is selected.")
