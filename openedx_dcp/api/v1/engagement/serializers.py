"""
Serializers of accomplishment-first intake (R25) and mentoring and validation (R17): they shape output and read
input; whether the input is allowed is the domain's to say.
"""

from rest_framework import serializers

from openedx_dcp.engagement.intake.models import Accomplishment, AccomplishmentLink
from openedx_dcp.engagement.mentoring.models import MentoringPair, ValidationRequest, Verdict


class LinkSerializer(serializers.ModelSerializer):
    username = serializers.SerializerMethodField()
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = AccomplishmentLink
        fields = ["id", "username", "organization", "nomination"]
        read_only_fields = fields

    def get_username(self, link) -> str | None:
        return link.user.get_username() if link.user_id else None


class PublicAccomplishmentSerializer(serializers.ModelSerializer):
    """What the public sees: not who submitted it, nor who is linked behind it (no consent to be named)."""

    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    survey = serializers.CharField(source="survey.title", read_only=True)

    class Meta:
        model = Accomplishment
        fields = ["id", "survey", "track", "title", "why", "links"]
        read_only_fields = fields


class AccomplishmentSerializer(serializers.ModelSerializer):
    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)
    people = LinkSerializer(many=True, read_only=True)

    class Meta:
        model = Accomplishment
        fields = ["id", "survey", "track", "title", "why", "links", "submitted_by", "merged_into", "shown", "people",
                  "created"]
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    track = serializers.SlugField(max_length=64, help_text="The slug of one of the program's active tracks.")
    title = serializers.CharField(max_length=200)
    why = serializers.CharField(max_length=5000)
    links = serializers.ListField(child=serializers.CharField(max_length=2000), required=False, default=list,
                                  max_length=50)


class LinkPartySerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    organization = serializers.SlugField(max_length=64, required=False, default="", allow_blank=True)


class MergeSerializer(serializers.Serializer):
    kept = serializers.IntegerField(min_value=1)


class ShownSerializer(serializers.Serializer):
    shown = serializers.BooleanField()


class PairSerializer(serializers.ModelSerializer):
    mentor = serializers.CharField(source="mentor.username", read_only=True)
    mentee = serializers.CharField(source="mentee.username", read_only=True)

    class Meta:
        model = MentoringPair
        fields = ["id", "mentor", "mentee", "message", "state", "accepted_at", "ended_at", "created"]
        read_only_fields = fields


class RequestPairSerializer(serializers.Serializer):
    mentor_username = serializers.CharField(max_length=150)
    mentee_username = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    message = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class PairActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "decline", "withdraw", "end"])
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class ValidationSerializer(serializers.ModelSerializer):
    validator = serializers.CharField(source="validator.username", read_only=True)
    verdict = serializers.ChoiceField(choices=Verdict.choices, allow_blank=True, read_only=True,
                                      help_text="Blank until the validator answers.")

    class Meta:
        model = ValidationRequest
        fields = ["id", "nomination", "validator", "state", "verdict", "note", "submitted_at", "created"]
        read_only_fields = fields


class AskValidationSerializer(serializers.Serializer):
    validator_username = serializers.CharField(max_length=150)


class AnswerValidationSerializer(serializers.Serializer):
    decline = serializers.BooleanField(required=False, default=False)
    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False)
    note = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
