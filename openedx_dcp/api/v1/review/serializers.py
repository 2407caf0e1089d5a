"""
Serializers of the review API: they validate input and shape output; decisions stay in ``openedx_dcp.review``.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openedx_dcp.api.v1.filters import UsernameField
from openedx_dcp.review import api as review_api
from openedx_dcp.review import equity
from openedx_dcp.review.models import Assignment, Decision, DeliberationComment, Panelist, Review, Vote


class PanelistSerializer(serializers.ModelSerializer):
    """
    A seat on a cycle's panel. POST takes ``user`` (a username, like nominations and endorsements) and
    ``seat``; the answer adds ``warnings`` that staff should act on (a panelist without an email address).
    """

    # A text input in the browsable API: a select would list every account of the platform.
    user = UsernameField(style={"base_template": "input.html"})
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Panelist
        fields = ["id", "cycle", "user", "username", "seat", "created"]
        read_only_fields = ["id", "cycle", "username", "created"]


class SeatedPanelistSerializer(PanelistSerializer):
    """The seat just taken, with ``warnings`` staff should act on (e.g. the panelist has no email address)."""

    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(PanelistSerializer.Meta):
        fields = [*PanelistSerializer.Meta.fields, "warnings"]
        read_only_fields = [*PanelistSerializer.Meta.read_only_fields, "warnings"]


class PanelistRemovalSerializer(serializers.Serializer):
    """Why a panelist leaves the panel (recorded in the audit trail)."""

    reason = serializers.CharField(max_length=2000)


class CycleActionSerializer(serializers.Serializer):
    """The note recorded in the audit trail with a cycle action."""

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReviewInputSerializer(serializers.Serializer):
    """A panelist's scores: ``{"scores": {"depth": 4, ...}, "comment": "..."}``; checked against the rubric."""

    scores = serializers.DictField(child=serializers.JSONField())
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    max_length=Review._meta.get_field("comment").max_length)


class ReviewSerializer(serializers.ModelSerializer):
    """A submitted review: ``panelist`` is the panel seat's id and ``username`` its holder, as in assignments."""

    panelist = serializers.IntegerField(source="panelist_id", read_only=True, help_text="The panel seat's id.")
    username = serializers.CharField(source="panelist.user.username", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "nomination", "panelist", "username", "scores", "weighted_score", "comment", "submitted_at"]
        read_only_fields = fields


class AssignmentInputSerializer(serializers.Serializer):
    """Assign one panelist of the cycle's panel, named by username."""

    username = serializers.CharField(max_length=150, help_text="Username of a panelist of the cycle's panel.")


class AssignmentSerializer(serializers.ModelSerializer):
    """A panelist assigned to review a nomination."""

    panelist = serializers.IntegerField(source="panelist_id", read_only=True, help_text="The panel seat's id.")
    username = serializers.CharField(source="panelist.user.username", read_only=True)
    seat = serializers.CharField(source="panelist.seat", read_only=True)
    assigned_by = serializers.CharField(source="assigned_by.username", read_only=True, default=None,
                                        allow_null=True)

    class Meta:
        model = Assignment
        fields = ["id", "nomination", "panelist", "username", "seat", "assigned_by", "created"]
        read_only_fields = fields


class PanelConflictSerializer(serializers.Serializer):
    """A panelist's conflicts of interest with a nomination (R10): the seat's id, its holder and the kinds."""

    panelist = serializers.IntegerField(read_only=True, help_text="The panel seat's id.")
    username = serializers.CharField(read_only=True)
    kinds = serializers.ListField(child=serializers.CharField(), read_only=True,
                                  help_text="colleague, endorser, nominator, declared...")


class ConflictDeclarationSerializer(serializers.Serializer):
    """A panelist's recusal."""

    reason = serializers.CharField(max_length=2000)


class ConflictRecordSerializer(serializers.Serializer):
    """A recorded conflict: its id and kind (``declared`` for a recusal, ``cleared`` for a cleared suggestion)."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)


class ConflictClearSerializer(serializers.Serializer):
    """Staff clear a suggested conflict of a panelist, with a reason."""

    username = serializers.CharField(max_length=150, help_text="Username of a panelist of the cycle's panel.")
    reason = serializers.CharField(max_length=2000)


class CommentSerializer(serializers.ModelSerializer):
    """A deliberation comment."""

    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = DeliberationComment
        fields = ["id", "nomination", "author", "body", "created"]
        read_only_fields = ["id", "nomination", "author", "created"]
        extra_kwargs = {"body": {"trim_whitespace": True}}


class VoteSerializer(serializers.ModelSerializer):
    """A panelist's vote."""

    class Meta:
        model = Vote
        fields = ["id", "nomination", "choice", "modified"]
        read_only_fields = ["id", "nomination", "modified"]


class DecisionSerializer(serializers.ModelSerializer):
    """A staged (or released) decision; POST takes ``outcome`` and ``rationale``."""

    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None)

    class Meta:
        model = Decision
        fields = ["nomination", "outcome", "rationale", "votes_selected", "votes_not_selected", "votes_abstained",
                  "recorded_by", "recorded_at", "released_at", "rationale_published"]
        read_only_fields = ["nomination", "votes_selected", "votes_not_selected", "votes_abstained",
                            "recorded_by", "recorded_at", "released_at", "rationale_published"]


class RationalePublicationSerializer(serializers.Serializer):
    """Whether the nominator and nominee may read the decision's rationale once released (R26)."""

    published = serializers.BooleanField()


class NoteSerializer(serializers.Serializer):
    """A required note (e.g. why a decision is rescinded)."""

    note = serializers.CharField(max_length=2000)


class EndorsementRequestSerializer(serializers.Serializer):
    """Whom the nominator asks to endorse."""

    # A username, resolved by the domain: an unknown one reads like a person who may not endorse (R26).
    endorser = serializers.CharField(max_length=150, help_text="Username of the community member to ask.")


class ReviewNominationSerializer(serializers.Serializer):
    """
    A nomination as the panel works on it. The view puts in the context, computed once per page: ``scores``
    (aggregates), ``metrics`` (R13), ``own_reviews`` and ``assigned`` (ids), ``show_aggregate`` (a function)
    and ``is_staff_view``.

    The fields document the answer (the OpenAPI schema is built from them); ``to_representation`` writes the
    same dict directly, without DRF's per-field machinery, which was most of a page's cost (P3). A test holds
    it equal to DRF's field-by-field output for every variant.
    """

    id = serializers.IntegerField()
    cycle = serializers.IntegerField(source="cycle_id")
    track = serializers.CharField(source="track.slug")
    kind = serializers.CharField()
    nominee = serializers.CharField(source="nominee_display")
    state = serializers.CharField()
    summary = serializers.CharField()
    impact_statement = serializers.CharField()
    references = serializers.CharField()
    evidence_links = serializers.JSONField()
    rubric = serializers.SerializerMethodField()
    partner = serializers.SerializerMethodField()
    assigned_to_me = serializers.SerializerMethodField()
    my_review_submitted = serializers.SerializerMethodField()
    aggregate = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "description": "The track's criteria, in order.", "items": {
        "type": "object", "required": ["key", "label", "weight", "max_score"],
        "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "weight": {"type": "number"},
                       "max_score": {"type": "integer"}}}})
    def get_rubric(self, nomination):
        # Read once per cycle and track of a page, not once per row (the rules' document is parsed each time).
        rubrics = self.context.setdefault("rubrics", {})
        key = (nomination.cycle_id, nomination.track_id)
        if key not in rubrics:
            rubrics[key] = review_api.rubric_of(nomination=nomination)
        return rubrics[key]

    @extend_schema_field({"type": "object", "nullable": True,
                          "description": "An organization nominee's metrics that apply (R13); null for a person."})
    def get_partner(self, nomination):
        metrics = self.context["metrics"].get(nomination.pk)
        if self.context["is_staff_view"](nomination):
            return metrics
        return equity.for_reviewer(metrics)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_assigned_to_me(self, nomination):
        return nomination.pk in self.context["assigned"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_my_review_submitted(self, nomination):
        return nomination.pk in self.context["own_reviews"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_aggregate(self, nomination):
        if not self.context["show_aggregate"](nomination):
            return None
        return self.context["scores"].get(nomination.pk)

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, nomination):
        decision = getattr(nomination, "panel_decision", None)
        return DecisionSerializer(decision).data if decision else None

    def to_representation(self, instance):
        nomination = instance
        return {
            "id": int(nomination.pk), "cycle": int(nomination.cycle_id), "track": str(nomination.track.slug),
            "kind": str(nomination.kind), "nominee": str(nomination.nominee_display), "state": str(nomination.state),
            "summary": str(nomination.summary), "impact_statement": str(nomination.impact_statement),
            "references": str(nomination.references), "evidence_links": nomination.evidence_links,
            "rubric": self.get_rubric(nomination), "partner": self.get_partner(nomination),
            "assigned_to_me": self.get_assigned_to_me(nomination),
            "my_review_submitted": self.get_my_review_submitted(nomination),
            "aggregate": self.get_aggregate(nomination), "decision": self.get_decision(nomination),
        }
