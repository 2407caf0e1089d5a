"""
Open Badges 3.0 credentials issued to Distinguished Contributors, and the status lists that revoke them (R22).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.programs.models import Program, Track

__all__ = ["StatusList", "BadgeCredential", "TrackBadgeImage", "EndorsementConsent", "EndorsementCredential"]


class StatusList(models.Model):
    """
    One published Bitstring Status List of a program (W3C Bitstring Status List v1.0, purpose ``revocation``).

    Every credential gets a position (``BadgeCredential.status_index``) in one list; the bit at that position
    is set once the credential is revoked. The bits are not stored: the published list is built from the
    revoked credentials, so revocation is a single row update and the list can never disagree with the
    credentials. ``size`` is fixed for the life of the list (verifiers cache it); 131,072 bits (16 KB) is the
    specification's minimum, which gives holders herd privacy.

    .. no_pii:
    """

    REVOCATION = "revocation"
    #: What the list's entries are: the badges of members, or the endorsements of those badges.
    BADGES = "badges"
    ENDORSEMENTS = "endorsements"
    HOLDS = [(BADGES, _("Badge credentials")), (ENDORSEMENTS, _("Endorsement credentials"))]

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="credential_status_lists")
    holds = models.CharField(max_length=16, choices=HOLDS, default=BADGES,
                             help_text=_("Which credentials have their entries in this list."))
    number = models.PositiveIntegerField(help_text=_("Position of the list in the program, part of its URL."))
    purpose = models.CharField(max_length=16, default=REVOCATION, editable=False)
    size = models.PositiveIntegerField(default=131072, help_text=_("Number of bits (entries) of the list."))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="dcp_statuslist_unique_number"),
        ]
        ordering = ["program_id", "number"]

    def __str__(self):
        return f"{self.program.slug} status list {self.number}"


class BadgeCredential(models.Model):
    """
    An ``OpenBadgeCredential`` issued for one term of one membership (R22).

    ``document`` is the credential exactly as signed, ``jwt`` its VC-JWT (compact JWS) form and ``proof`` its
    embedded Data Integrity proof (the document plus ``proof`` is the second signed form); all are kept
    so that the public URL of the credential always answers the same bytes and the verifier can tell a
    tampered copy from the original; the verifier accepts only this exact ``jwt``, signed with ``kid``. One
    credential per membership term: (membership, term_number) is unique, which makes issuance idempotent under
    retries and concurrent workers. Revocation sets ``revoked_at``; the document is never rewritten (it is
    signed), its status list bit changes. Only a compromised key makes ``jwt`` and ``kid`` change: the same
    document is signed again with the current key (``dcp_reissue_credentials``).

    .. pii: The signed document names the member: username in the subject id, salted SHA-256 hash of the email.
    .. pii_types: username, email_address
    .. pii_retirement: local_api
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="badge_credentials")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="badge_credentials")
    membership = models.ForeignKey(
        "openedx_dcp.Membership", on_delete=models.PROTECT, related_name="badge_credentials"
    )
    term_number = models.PositiveSmallIntegerField()
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    document = models.JSONField(help_text=_("The OpenBadgeCredential as signed."))
    jwt = models.TextField(help_text=_("The credential as VC-JWT (compact JWS)."))
    proof = models.JSONField(
        default=dict, blank=True,
        help_text=_("The embedded Data Integrity proof (eddsa-rdfc-2022) of the document; empty for a credential "
                    "issued before proofs were added or erased at retirement."),
    )
    kid = models.CharField(max_length=128, help_text=_("Id of the key that signed the credential."))
    alg = models.CharField(max_length=16)
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=255, blank=True)
    revocation_reason_published = models.BooleanField(
        default=False,
        help_text=_("Whether the public verifier shows the revocation reason (staff choose; off by default, since "
                    "a reason is about a person)."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "term_number"], name="dcp_credential_one_per_term"),
            models.UniqueConstraint(fields=["status_list", "status_index"], name="dcp_credential_unique_status"),
            check_constraint(
                Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="dcp_credential_validity_order",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "revoked_at"]),
            # The credential list (P3, ADR 0025): newest first, and who may see a row, without reading the rows
            # (kilobytes each).
            models.Index(fields=["-issued_at", "-id", "program", "membership"], name="dcp_credential_list"),
        ]
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return f"{self.track.name} #{self.public_id}"

    @property
    def is_revoked(self):
        """Whether the credential has been revoked (its status list bit is set)."""
        return self.revoked_at is not None


class TrackBadgeImage(models.Model):
    """
    The badge image program staff uploaded for a track, in place of the generated default (admin: *Badge
    images*). Stored in the database as a PNG re-encoded by the plugin (``credentials.images.normalize_upload``:
    type, size and dimensions checked, metadata dropped), so every LMS and worker process serves and bakes the
    same bytes without a shared media storage. Deleting the row brings the default back.

    .. no_pii:
    """

    track = models.OneToOneField(Track, on_delete=models.CASCADE, related_name="badge_image")
    png = models.BinaryField(help_text=_("The image as PNG, at most 512×512 pixels."))
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["track_id"]
        verbose_name = _("badge image")

    def __str__(self):
        return f"Badge image of {self.track}"


class EndorsementConsent(models.Model):
    """
    The endorser agreed that their endorsement (R6) be published as an ``EndorsementCredential`` about the
    member's badge, naming them and carrying their statement, once the nomination is selected and the badge
    issued (the endorse page's checkbox, or REST). Deleting the row withdraws the consent (issued endorsement
    credentials are then revoked).

    .. no_pii:
    """

    endorsement = models.OneToOneField("openedx_dcp.Endorsement", on_delete=models.CASCADE,
                                       related_name="credential_consent")
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["endorsement_id"]

    def __str__(self):
        return f"Consent to publish endorsement {self.endorsement_id}"


class EndorsementCredential(models.Model):
    """
    An Open Badges 3.0 ``EndorsementCredential`` (R6, R22): one endorsement of the nomination that led to a
    badge, about that badge credential, issued and signed by the program (VC-JWT and Data Integrity, like the
    badge) with the endorser's consent. Revoked through its own status list entry (lists that hold
    endorsements); erased, like badges, when the endorser's or the member's account is retired.

    .. pii: The signed document names the endorser and carries their statement.
    .. pii_types: name, other
    .. pii_retirement: local_api
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="endorsement_credentials")
    badge_credential = models.ForeignKey(BadgeCredential, on_delete=models.PROTECT,
                                         related_name="endorsement_credentials")
    endorsement = models.ForeignKey("openedx_dcp.Endorsement", on_delete=models.PROTECT,
                                    related_name="endorsement_credentials")
    valid_from = models.DateTimeField()
    document = models.JSONField(help_text=_("The EndorsementCredential as signed."))
    jwt = models.TextField(help_text=_("The credential as VC-JWT (compact JWS)."))
    proof = models.JSONField(default=dict, blank=True, help_text=_("Its embedded Data Integrity proof."))
    kid = models.CharField(max_length=128)
    alg = models.CharField(max_length=16)
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="endorsement_credentials")
    status_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=255, blank=True)
    revocation_reason_published = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["badge_credential", "endorsement"], name="dcp_endorsement_cred_once"),
            models.UniqueConstraint(fields=["status_list", "status_index"],
                                    name="dcp_endorsement_cred_unique_status"),
        ]
        ordering = ["issued_at", "id"]

    def __str__(self):
        return f"Endorsement credential #{self.public_id}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None
