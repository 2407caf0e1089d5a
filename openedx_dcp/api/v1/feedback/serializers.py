"""
Serializers of the feedback rounds' REST API: they shape output and read input; the rules are the domain's.
"""

from rest_framework import serializers

from openedx_dcp.engagement.feedback.models import FeedbackQuestion, FeedbackRound

__all__ = ["RoundSerializer", "RoundDetailSerializer", "QuestionSerializer", "AnswersSerializer",
           "AnsweredSerializer", "ResultsSerializer", "ActionSerializer"]


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedbackQuestion
        fields = ["id", "order", "kind", "prompt", "help_text", "required", "choices", "scale_min", "scale_max",
                  "measures_awareness"]


class RoundSerializer(serializers.ModelSerializer):
    """A round; ``answered`` is whether the caller answered it (null for a staff listing of the round)."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    answered = serializers.SerializerMethodField()

    class Meta:
        model = FeedbackRound
        fields = ["id", "program", "slug", "title", "description", "audience", "anonymous", "opens_at", "closes_at",
                  "state", "answered"]

    def get_answered(self, obj) -> bool | None:
        return self.context.get("answered", {}).get(obj.pk)


class RoundDetailSerializer(RoundSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    problem = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "questions", "problem"]

    def get_problem(self, obj) -> str | None:
        """Why the caller cannot answer now (closed, not yet open, already answered), or null."""
        return self.context.get("problem")


class AnswersSerializer(serializers.Serializer):
    """``{"answers": {"<question id>": value}}``: a number for a scale, one of the choices, or text."""

    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=False)


class AnsweredSerializer(serializers.Serializer):
    """What a recorded answer returns: that it is recorded, and never a key of the response (ADR 0019)."""

    round = serializers.IntegerField()
    answered = serializers.BooleanField()
    anonymous = serializers.BooleanField()


class OptionSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()
    not_aware = serializers.BooleanField()


class TextSerializer(serializers.Serializer):
    text = serializers.CharField()
    by = serializers.CharField(help_text="The respondent's username in a named round; empty in an anonymous one.")


class QuestionResultSerializer(serializers.Serializer):
    question = QuestionSerializer()
    answered = serializers.IntegerField(allow_null=True)
    options = OptionSerializer(many=True)
    mean = serializers.FloatField(allow_null=True)
    texts = TextSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    round = RoundSerializer()
    responses = serializers.IntegerField()
    hidden = serializers.CharField(help_text="Why an anonymous round's answers are not shown yet; empty when shown.")
    questions = QuestionResultSerializer(many=True)


class ActionSerializer(serializers.Serializer):
    """An optional note recorded with the round's move (``open``, ``close``)."""

    class Meta:
        ref_name = "FeedbackRoundAction"

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
