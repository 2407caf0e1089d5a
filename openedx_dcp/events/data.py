"""
Data classes carried by the plugin's outbound events, in the openedx-events style: frozen ``attrs`` classes of
plain types, so that the event bus can serialize them (Avro) like the platform's own events.
"""

from datetime import datetime

import attr

__all__ = ["NominationData", "DecisionData", "CohortData", "MembershipData"]


@attr.s(frozen=True)
class NominationData:
    """
    A nomination, as other services may see it.

    Arguments:
        id (int): the nomination's id in the plugin.
        site_domain (str): the tenant (Django site domain) of its program.
        program_slug (str): the program.
        cycle_slug (str): the cycle (cohort).
        track_slug (str): the track, e.g. ``engineer``.
        kind (str): ``self`` or ``peer``.
        nominee_key (str): ``u<user id>`` for a person, ``o<organization id>`` for an organization.
        state (str): the nomination's state when the event was sent.
    """

    id = attr.ib(type=int)
    site_domain = attr.ib(type=str)
    program_slug = attr.ib(type=str)
    cycle_slug = attr.ib(type=str)
    track_slug = attr.ib(type=str)
    kind = attr.ib(type=str)
    nominee_key = attr.ib(type=str)
    state = attr.ib(type=str)


@attr.s(frozen=True)
class DecisionData:
    """
    The panel's released decision on a nomination.

    Arguments:
        nomination (NominationData): the nomination decided.
        outcome (str): ``selected`` or ``not_selected``.
        released_at (datetime): when the decisions of the cycle were released.
    """

    nomination = attr.ib(type=NominationData)
    outcome = attr.ib(type=str)
    released_at = attr.ib(type=datetime)


@attr.s(frozen=True)
class CohortData:
    """
    The cohort of a cycle, as published on its announcement date.

    Arguments:
        site_domain (str): the tenant.
        program_slug (str): the program.
        cycle_slug (str): the cycle whose cohort it is.
        cycle_name (str): its display name.
        size (int): how many nominees were announced.
        announced_at (datetime): when the cohort was published.
    """

    site_domain = attr.ib(type=str)
    program_slug = attr.ib(type=str)
    cycle_slug = attr.ib(type=str)
    cycle_name = attr.ib(type=str)
    size = attr.ib(type=int)
    announced_at = attr.ib(type=datetime)


@attr.s(frozen=True)
class MembershipData:
    """
    A Distinguished Contributor's membership, at a change of its lifecycle (R14–R16).

    Arguments:
        id (int): the membership's id in the plugin.
        site_domain (str): the tenant.
        program_slug (str): the program.
        track_slug (str): the track, e.g. ``engineer``.
        member_key (str): ``u<user id>`` for a person, ``o<organization id>`` for an organization.
        state (str): the membership's state when the event was sent (``active``, ``lapsed``, ``lifetime``…).
        term_number (int): the current term, counting from 1.
        term_start (datetime): the start of the current term.
        term_end (datetime): the end of the current term.
    """

    id = attr.ib(type=int)
    site_domain = attr.ib(type=str)
    program_slug = attr.ib(type=str)
    track_slug = attr.ib(type=str)
    member_key = attr.ib(type=str)
    state = attr.ib(type=str)
    term_number = attr.ib(type=int)
    term_start = attr.ib(type=datetime)
    term_end = attr.ib(type=datetime)
