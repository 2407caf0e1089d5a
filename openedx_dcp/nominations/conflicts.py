"""
Which nominations a person must not see because of a conflict of interest (R10, R26), as a hook.

Conflicts are the panel's business: the review package, above this one, knows who sits on which panel and
registers its query with ``register_conflicts`` when the app is ready (``openedx_dcp.review.receivers``). The
lists, workflow guards and admin of this package ask ``hidden_from`` and never import the review package.
"""

from openedx_dcp.nominations.models import Nomination

__all__ = ["register_conflicts", "hidden_from"]

_hidden_from = None


def register_conflicts(source):
    """
    Install ``source(user, cycle_ids=None)``: a subquery of the nomination ids ``user`` must not see (an empty
    ``values("pk")`` queryset when none). One source answers; registering again replaces it.
    """
    global _hidden_from
    _hidden_from = source


def hidden_from(user, cycle_ids=None):
    """
    A subquery of the nomination ids ``user`` must not see (R10), limited to ``cycle_ids`` when given; an empty
    queryset (``.query.is_empty()``) when nobody registered conflicts or the user has none.
    """
    if _hidden_from is None:
        return Nomination.objects.none().values("pk")
    return _hidden_from(user, cycle_ids=cycle_ids)
