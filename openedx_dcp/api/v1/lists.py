"""
A lean read path for list pages (P3, ADR 0025): deep pages read from the nearer end of the list, and the page's
rows shaped by their serializer's own fields, without DRF's per-field machinery around each value.

The serializer stays the documented contract (drf-spectacular builds the OpenAPI from it, a single object is
still shaped by it); only ``many=True`` goes through ``PlannedListSerializer``, and a test holds its output
equal to the serializer's for every variant of a row.
"""

import datetime
from operator import attrgetter

from django.core.signals import setting_changed
from django.db import models
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SerializerMethodField
from rest_framework.relations import HyperlinkedRelatedField
from rest_framework.settings import api_settings

from openedx_dcp.counts import KeptCountPaginator

__all__ = ["NearerEndPaginator", "PlannedListSerializer", "datetime_text"]


class NearerEndPaginator(KeptCountPaginator):
    """
    Django's paginator, except that a page in the back half of the list is read from its end: the reversed
    order, offset from the end, and the page's rows turned back. The database walks ``count - offset`` index
    entries instead of ``offset``, so the last pages cost what the first ones do (P3). Only for an ordering that
    ends with the primary key (a total order, whose reverse is exact); the page holds the same rows either way.
    """

    def _total_order(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return False
        ordering = query.order_by or (query.default_ordering and self.object_list.model._meta.ordering) or ()
        return bool(ordering) and str(ordering[-1]).lstrip("-") in ("pk", "id")

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count - top and self._total_order():
            objects = list(self.object_list.reverse()[self.count - top:self.count - bottom])[::-1]
        else:
            objects = self.object_list[bottom:top]
        return self._get_page(objects, number, self)


# ``{serializer class: plan}``: a serializer's fields are built once per process, not once per page (building a
# ModelSerializer's fields was most of a membership page's serializing). Forgotten when a setting changes (tests
# that override DRF's date formats).
_PLANS = {}
setting_changed.connect(lambda **kwargs: _PLANS.clear(), weak=False)


def _plan_of(child):
    """``[(name, method name or None, read, shape)]`` for the readable fields of serializer ``child``."""
    plan = []
    for field in child._readable_fields:
        if isinstance(field, SerializerMethodField):
            plan.append((field.field_name, field.method_name, None, None))
        elif isinstance(field, (serializers.BaseSerializer, HyperlinkedRelatedField)):
            raise TypeError(f"{type(child).__name__}.{field.field_name}: nested or hyperlinked fields depend on the "
                            "serializer's context; PlannedListSerializer does not plan them.")
        else:
            plan.append((field.field_name, None, attrgetter(field.source), field.to_representation))
    return plan


class PlannedListSerializer(serializers.ListSerializer):
    """
    ``ListSerializer`` that shapes each row by a plan of the child's fields, made once per serializer class: a
    field is read by its attribute path and shaped by its own ``to_representation`` (None left as DRF leaves
    it), or is the child's ``get_<field>`` method. For read-only serializers whose fields are attribute paths or
    methods, and whose fields' representation does not depend on the serializer's context.
    """

    def to_representation(self, data):
        plan = _PLANS.get(type(self.child))
        if plan is None:
            plan = _PLANS[type(self.child)] = _plan_of(self.child)
        # Methods read the context of this page's serializer.
        steps = [(name, getattr(self.child, method), None) if method else (name, read, shape)
                 for name, method, read, shape in plan]
        rows = []
        for instance in data.all() if isinstance(data, models.manager.BaseManager) else data:
            row = {}
            for name, read, shape in steps:
                value = read(instance)
                row[name] = value if shape is None or value is None else shape(value)
            rows.append(row)
        return rows


# DRF's own converter: what ``datetime_text`` answers, and what it falls back to.
_DATETIME = serializers.DateTimeField(read_only=True)


def datetime_text(value: datetime.datetime | None) -> str | None:
    """
    What DRF's ``DateTimeField`` answers for ``value``, a list row's time: written directly in the common case
    (an aware UTC time from the database, ISO 8601 answers, UTC as the current time zone, as in Open edX), by
    DRF otherwise. DRF converts to the current time zone first, a few microseconds per value, 80 per page
    (P3); a test holds the two equal.
    """
    if value is None:
        return None
    if (value.tzinfo is datetime.UTC and api_settings.DATETIME_FORMAT == ISO_8601
            and timezone.get_current_timezone_name() == "UTC"):
        return value.isoformat()[:-6] + "Z"
    return _DATETIME.to_representation(value)
