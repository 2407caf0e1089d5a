"""
Serializers of the membership API: they validate input and shape output; the rules live in
``openedx_dcp.membership.api``.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openedx_dcp.api.v1.lists import PlannedListSerializer, datetime_text
from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.membership.models import (
    EngagementKind,
    EngagementParticipation,
    Membership,
    MembershipState,
    MembershipTerm,
)
from openedx_dcp.prepared import PreparedQuery
from openedx_dcp.tenancy import public_url

__all__ = [
    "DIRECTORY_COLUMNS",
    "directory_items",
    "membership_list_items",
    "MembershipSerializer",
    "MembershipDetailSerializer",
    "ActionSerializer",
    "EngagementChoiceSerializer",
    "ParticipationSerializer",
    "EvidenceSerializer",
]


class MembershipSerializer(serializers.ModelSerializer):
    """A membership in lists: the member, the current term and, for alumni, when they may be nominated again."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    track_name = serializers.CharField(source="track.name", read_only=True)
    member = serializers.CharField(source="member_display", read_only=True)
    member_kind = serializers.SerializerMethodField()
    eligible_again_from = serializers.SerializerMethodField(
        help_text=_("Lapsed members (alumni): the day they may be nominated again on the track, or null until they "
                    "have a new contribution.")
    )

    class Meta:
        model = Membership
        fields = [
            "id", "program", "track", "track_name", "member", "member_kind", "state", "term_number", "term_start",
            "term_end", "review_opens_on", "next_term_start", "grace_until", "lifetime_since", "lapsed_on",
            "eligible_again_from",
        ]
        read_only_fields = fields
        # A page of the list is shaped by a plan of these fields (P3, ADR 0025).
        list_serializer_class = PlannedListSerializer

    def get_member_kind(self, membership) -> str:
        return "organization" if membership.organization_id else "person"

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_eligible_again_from(self, membership):
        return self.context.get("eligible_again", {}).get(membership.pk)


# What ``membership_list_items`` reads of each membership, in one ``values()`` query.
_LIST_COLUMNS = (
    "id", "program__slug", "track__slug", "track__name", "organization_id", "organization__name", "user_id",
    "user__username", "state", "term_number", "term_start", "term_end", "review_opens_on", "next_term_start",
    "grace_until", "lifetime_since", "lapsed_on",
)
_DATE = serializers.DateField(read_only=True)


def _date(value):
    return None if value is None else _DATE.to_representation(value)


def _member(row):
    """``Membership.member_display`` of a row."""
    if row["organization_id"]:
        return row["organization__name"]
    return row["user__username"] if row["user_id"] else "?"


def _list_rows(shape, *, ids):
    return Membership.objects.order_by().filter(pk__in=ids).values(*_LIST_COLUMNS)


# A list page's rows: the same query on every page, compiled once per process (openedx_dcp.prepared, P3).
_LIST_ROWS = PreparedQuery(_list_rows)


def membership_list_items(ids):
    """
    The memberships ``ids``, in that order, as ``MembershipSerializer`` answers them (a test holds the two
    equal), read as plain rows in one prepared query; ``eligible_again_from`` is None: the caller sets it for
    the page's alumni (``eligible_again_dates``). ``ids`` come from a list the caller may see
    (``memberships_visible_to``): they are not filtered again.
    """
    rows = {row["id"]: row for row in _LIST_ROWS.rows(None, int_lists={"ids": list(ids)})}
    return [{
        "id": row["id"], "program": row["program__slug"], "track": row["track__slug"],
        "track_name": row["track__name"], "member": _member(row),
        "member_kind": "organization" if row["organization_id"] else "person", "state": row["state"],
        "term_number": row["term_number"], "term_start": _date(row["term_start"]),
        "term_end": _date(row["term_end"]), "review_opens_on": _date(row["review_opens_on"]),
        "next_term_start": _date(row["next_term_start"]), "grace_until": _date(row["grace_until"]),
        "lifetime_since": _date(row["lifetime_since"]), "lapsed_on": _date(row["lapsed_on"]),
        "eligible_again_from": None,
    } for row in (rows[pk] for pk in ids if pk in rows)]


# What ``directory_items`` reads of each listed membership (``directory_listing(columns=...)``).
DIRECTORY_COLUMNS = ("user_id", "user__username", "organization__name", "track__slug", "track__name", "state",
                     "cycle_id", "cycle__announcement_at", "term_start")


def directory_items(rows, *, site):
    """
    A page of the public directory (plain rows of ``DIRECTORY_COLUMNS``, in the directory's order) as
    ``DirectoryEntrySerializer`` answers it (a test holds the two equal), without model instances (P3).
    """
    return [{
        "member": row["user__username"] if row["user_id"] else row["organization__name"],
        "kind": "person" if row["user_id"] else "organization",
        "track": row["track__slug"], "track_name": row["track__name"], "state": row["state"],
        "member_since": row["cycle__announcement_at"].date() if row["cycle_id"] else row["term_start"],
        "lifetime": row["state"] == MembershipState.LIFETIME,
        "badges_url": public_url(site, reverse("openedx_dcp:dcp-public-badges",
                                               kwargs={"username": row["user__username"]}))
        if row["user_id"] else None,
    } for row in rows]


class TermSerializer(serializers.ModelSerializer):
    """One term of a membership and how its renewal ended."""

    class Meta:
        model = MembershipTerm
        fields = ["number", "start", "end", "outcome", "renewed_in_grace", "evidence_count", "required_signals",
                  "decided_at", "decision_note"]
        read_only_fields = fields


class CriteriaSerializer(serializers.Serializer):
    """The renewal criteria of the current term (R14)."""

    narrative = serializers.CharField()
    signal_kinds = serializers.ListField(child=serializers.CharField())
    required = serializers.IntegerField()


class RenewalSerializer(serializers.Serializer):
    """Where the member stands against the renewal criteria of the current term."""

    criteria = CriteriaSerializer()
    evidence_since = serializers.DateField()
    evidence_count = serializers.IntegerField()
    criteria_met = serializers.BooleanField()


class MembershipDetailSerializer(MembershipSerializer):
    """
    One membership as its member and program staff see it: the renewal criteria and how much evidence counts
    (R14), the terms so far, the follow-on engagement choices (R17) and the actions the requester may start.
    """

    renewal = serializers.SerializerMethodField()
    terms = TermSerializer(many=True, read_only=True)
    engagement = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(MembershipSerializer.Meta):
        fields = MembershipSerializer.Meta.fields + ["renewal", "terms", "engagement", "actions"]
        read_only_fields = fields

    @extend_schema_field(RenewalSerializer)
    def get_renewal(self, membership):
        return self.context["renewal"]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "boolean"}})
    def get_engagement(self, membership):
        return self.context["engagement"]

    def get_actions(self, membership) -> list[str]:
        return self.context["actions"]


class ActionSerializer(serializers.Serializer):
    """A staff action on a membership: ``open_review``, ``renew``, ``defer_renewal`` or ``revoke``."""

    action = serializers.CharField(max_length=32)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EngagementChoiceSerializer(serializers.Serializer):
    """A member's choice about one kind of follow-on engagement (R17)."""

    kind = serializers.ChoiceField(choices=EngagementKind.choices)
    opted_in = serializers.BooleanField()


class ParticipationSerializer(serializers.ModelSerializer):
    """Follow-on engagement a member took part in, recorded by staff (R17)."""

    kind = serializers.ChoiceField(choices=EngagementKind.choices)

    class Meta:
        model = EngagementParticipation
        fields = ["id", "kind", "date", "note", "created"]
        read_only_fields = ["id", "created"]


class EvidenceSerializer(serializers.ModelSerializer):
    """
    A contribution signal that counts for the member's renewal. The list answers the same dicts through
    ``evidence_item`` (a test holds the two equal).
    """

    class Meta:
        model = ContributionSignal
        fields = ["id", "kind", "source", "occurred_at", "weight", "url"]
        read_only_fields = fields




# What an evidence row shows besides its id and time (the keyset's own columns).
EVIDENCE_COLUMNS = ("kind", "source", "weight", "url")
def evidence_item(row):
    """A signal's ``values()`` row as ``EvidenceSerializer`` answers it, without DRF's per-field machinery (P3)."""
    return {"id": row["id"], "kind": row["kind"], "source": row["source"],
            "occurred_at": datetime_text(row["occurred_at"]), "weight": float(row["weight"]), "url": row["url"]}


class DirectoryEntrySerializer(serializers.Serializer):
    """One Distinguished Contributor in the public directory (R23): who, on which track, since when."""

    member = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()
    track = serializers.CharField(source="track.slug")
    track_name = serializers.CharField(source="track.name")
    state = serializers.CharField()
    member_since = serializers.SerializerMethodField()
    lifetime = serializers.SerializerMethodField()
    badges_url = serializers.SerializerMethodField()

    class Meta:
        # A page of the directory is shaped by a plan of these fields (P3, ADR 0025).
        list_serializer_class = PlannedListSerializer

    def get_member(self, membership) -> str:
        return membership.user.username if membership.user_id else membership.organization.name

    def get_kind(self, membership) -> str:
        return "person" if membership.user_id else "organization"

    @extend_schema_field(OpenApiTypes.DATE)
    def get_member_since(self, membership):
        return membership.cycle.announcement_at.date() if membership.cycle_id else membership.term_start

    def get_lifetime(self, membership) -> bool:
        return membership.state == MembershipState.LIFETIME

    @extend_schema_field(OpenApiTypes.URI)
    def get_badges_url(self, membership):
        if not membership.user_id:
            return None
        # The directory answers for one program of the request's tenant: its site, read once per request.
        site = self.context["site"]
        return public_url(site, reverse("openedx_dcp:dcp-public-badges",
                                                           kwargs={"username": membership.user.username}))
