"""
The one filter layer of the REST API (django-filter): every query parameter and every id a request carries is
read here, so a bad value answers 400 with a message under the parameter's name on every endpoint alike, never
a 500 (a number too large for the database) and never a silent coercion (``?cycle=1.5`` read as cycle 1).
"""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

__all__ = ["MAX_ID", "USERNAME_MAX_LENGTH", "DcpFilterSet", "IdFilter", "SlugFilter", "StrictIdField",
           "IdRelatedField", "StrictJSONField", "UsernameField", "is_valid_id", "ReviewNominationFilter",
           "MembershipFilter"]

# The largest id any supported database stores (a signed 64-bit integer); larger numbers name nothing and would
# overflow the database driver.
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
# Django's ``User.username``.
USERNAME_MAX_LENGTH = 150


def is_valid_id(value) -> bool:
    """Whether ``value`` (a string from a URL or a query) is a whole number in ASCII digits an id can have."""
    return bool(_ASCII_DIGITS.fullmatch(str(value))) and 1 <= int(value) <= MAX_ID


class StrictIdFormField(forms.CharField):
    """An id in a query string: ASCII digits only (``²`` and ``1.5`` are refused), from 1 to ``MAX_ID``."""

    default_error_messages = {"invalid": "Enter an id: a whole number from 1 to %(max)s."}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not is_valid_id(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"max": MAX_ID})
        return int(value)


class IdFilter(filters.Filter):
    """Filters on an id named by the query (``?cycle=12``)."""

    field_class = StrictIdFormField


class SlugFilter(filters.CharFilter):
    """Filters on a slug (``?track=engineer``); at most 64 characters, as slugs are stored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)


class DcpFilterSet(filters.FilterSet):
    """Base of every filter set of the API (django-filter answers a bad value with 400 and its field)."""


class StrictIdField(serializers.IntegerField):
    """
    An id in a request body: an integer (a JSON number without a fraction, or a string of ASCII digits), from 1
    to ``MAX_ID``. ``12.5``, ``true`` and ``"²"`` are refused rather than read as another id.
    """

    default_error_messages = {"invalid": "Enter an id: a whole number from 1 to {max}."}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # Checked here, not only by the validators: a related field's lookup runs before any validator would.
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("invalid", max=MAX_ID)
        if isinstance(data, str) and not is_valid_id(data):
            self.fail("invalid", max=MAX_ID)
        if not 1 <= int(data) <= MAX_ID:
            self.fail("invalid", max=MAX_ID)
        return int(data)


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object named by its id in a body, read strictly (see ``StrictIdField``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("pk_field", StrictIdField())
        super().__init__(**kwargs)


class StrictJSONField(serializers.JSONField):
    """
    A JSON value in a body that is null only where ``allow_null`` says so, however it comes: a form's ``null``
    (``rubric=null``) is parsed after DRF's null check, and reached the database as NULL (a 500).
    """

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value is None and not self.allow_null:
            self.fail("null")
        return value


@extend_schema_field({"type": "string", "maxLength": USERNAME_MAX_LENGTH, "example": "core1"})
class UsernameField(serializers.SlugRelatedField):
    """
    A person named by username in a request body (never a user id a client cannot resolve): at most 150
    characters (``max_length``), an unknown one is ``does_not_exist``, a non-string ``invalid``.
    """

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "max_length": _("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", get_user_model().objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) > USERNAME_MAX_LENGTH:
            self.fail("max_length", max_length=USERNAME_MAX_LENGTH)
        return super().to_internal_value(data)


class ReviewNominationFilter(DcpFilterSet):
    """``?cycle=<id>`` on the review's nominations."""

    cycle = IdFilter(field_name="cycle_id")


class MembershipFilter(DcpFilterSet):
    """``?state=``, ``?track=<slug>``, ``?program=<slug>`` on memberships."""

    state = filters.CharFilter(field_name="state", max_length=16)
    track = SlugFilter(field_name="track__slug")
    program = SlugFilter(field_name="program__slug")
