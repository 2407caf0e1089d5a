"""
Small shims so one code base runs on Django 4.2 (Teak) and 5.2 (Ulmo, Verawood).
"""

import django
from django.db import models


def check_constraint(condition, name):
    """
    Build a ``CheckConstraint``: Django 5.1 renamed ``check=`` to ``condition=`` and 6.0 drops ``check=``.
    Migrations call this too, so the same migration files apply on both Django versions.
    """
    if django.VERSION >= (5, 1):
        return models.CheckConstraint(condition=condition, name=name)
    return models.CheckConstraint(check=condition, name=name)
