"""
A lean read path for list pages (P3, ADR 0025): the page's rows shaped by their serializer's own fields, without
DRF's per-field machinery around each value.

The serializer stays the documented contract (drf-spectacular builds the OpenAPI from it, a single object is
still shaped by it); only ``many=True`` goes through ``PlannedListSerializer``, and a test holds its output
equal to the serializer's for every variant of a row.
"""

from operator import attrgetter

from django.db import models
from rest_framework import serializers
from rest_framework.fields import SerializerMethodField

__all__ = ["PlannedListSerializer"]


class PlannedListSerializer(serializers.ListSerializer):
    """
    ``ListSerializer`` that plans once per page how each field of the child is read (an attribute path, or the
    child's ``get_<field>`` method) and shaped (the field's own ``to_representation``, skipped for None as DRF
    does), then applies the plan to each row. Read-only serializers whose sources are attribute paths only.
    """

    def _plan(self):
        plan = []
        for field in self.child._readable_fields:
            if isinstance(field, SerializerMethodField):
                plan.append((field.field_name, getattr(self.child, field.method_name), None))
            else:
                plan.append((field.field_name, attrgetter(field.source), field.to_representation))
        return plan

    def to_representation(self, data):
        plan = self._plan()
        rows = []
        for instance in data.all() if isinstance(data, models.manager.BaseManager) else data:
            row = {}
            for name, read, shape in plan:
                value = read(instance)
                row[name] = value if shape is None or value is None else shape(value)
            rows.append(row)
        return rows
