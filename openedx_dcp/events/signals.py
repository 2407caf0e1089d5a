"""
The plugin's outbound Open edX events.

openedx-events (10 and 11) does not restrict the event type string: ``OpenEdxPublicSignal`` registers any
type in its mapping, so the plugin uses its own reverse-DNS prefix ``org.openedx_dcp.`` and keeps
``org.openedx.`` to the library. Receivers connect as to any Open edX event; each event is sent after the
change it reports has been committed.
"""

from openedx_events.tooling import OpenEdxPublicSignal

from openedx_dcp.events.data import CohortData, DecisionData, MembershipData, NominationData

__all__ = [
    "NOMINATION_SUBMITTED", "DECISION_RELEASED", "COHORT_ANNOUNCED", "MEMBERSHIP_STARTED", "MEMBERSHIP_RENEWED",
    "MEMBERSHIP_LAPSED", "MEMBERSHIP_REVOKED",
]

# .. event_type: org.openedx_dcp.nomination.submitted.v1
# .. event_name: NOMINATION_SUBMITTED
# .. event_key_field: nomination.id
# .. event_description: A nomination was submitted for screening, with its endorsements complete (R5, R6).
# .. event_data: NominationData
# .. event_trigger_repository: openedx-dcp
NOMINATION_SUBMITTED = OpenEdxPublicSignal(
    event_type="org.openedx_dcp.nomination.submitted.v1",
    data={"nomination": NominationData},
)

# .. event_type: org.openedx_dcp.decision.released.v1
# .. event_name: DECISION_RELEASED
# .. event_key_field: decision.nomination.id
# .. event_description: The panel's decision on a nomination was released after the steward's approval (R11).
# .. event_data: DecisionData
# .. event_trigger_repository: openedx-dcp
DECISION_RELEASED = OpenEdxPublicSignal(
    event_type="org.openedx_dcp.decision.released.v1",
    data={"decision": DecisionData},
)

# .. event_type: org.openedx_dcp.cohort.announced.v1
# .. event_name: COHORT_ANNOUNCED
# .. event_key_field: cohort.cycle_slug
# .. event_description: A cycle's cohort was published on its announcement date; memberships have started.
# .. event_data: CohortData
# .. event_trigger_repository: openedx-dcp
COHORT_ANNOUNCED = OpenEdxPublicSignal(
    event_type="org.openedx_dcp.cohort.announced.v1",
    data={"cohort": CohortData},
)

# .. event_type: org.openedx_dcp.membership.started.v1
# .. event_name: MEMBERSHIP_STARTED
# .. event_key_field: membership.id
# .. event_description: A Distinguished Contributor's membership began: the nominee was approved and announced (R14).
# .. event_data: MembershipData
# .. event_trigger_repository: openedx-dcp
MEMBERSHIP_STARTED = OpenEdxPublicSignal(
    event_type="org.openedx_dcp.membership.started.v1",
    data={"membership": MembershipData},
)

# .. event_type: org.openedx_dcp.membership.renewed.v1
# .. event_name: MEMBERSHIP_RENEWED
# .. event_key_field: membership.id
# .. event_description: A member was renewed for a new term after the renewal review (R14).
# .. event_data: MembershipData
# .. event_trigger_repository: openedx-dcp
MEMBERSHIP_RENEWED = OpenEdxPublicSignal(
    event_type="org.openedx_dcp.membership.renewed.v1",
    data={"membership": MembershipData},
)

# .. event_type: org.openedx_dcp.membership.lapsed.v1
# .. event_name: MEMBERSHIP_LAPSED
# .. event_key_field: membership.id
# .. event_description: A membership lapsed after its grace period: the member is alumni, the credential
#   revoked (R15).
# .. event_data: MembershipData
# .. event_trigger_repository: openedx-dcp
MEMBERSHIP_LAPSED = OpenEdxPublicSignal(
    event_type="org.openedx_dcp.membership.lapsed.v1",
    data={"membership": MembershipData},
)

# .. event_type: org.openedx_dcp.membership.revoked.v1
# .. event_name: MEMBERSHIP_REVOKED
# .. event_key_field: membership.id
# .. event_description: A membership ended because the decision that made the member was withdrawn.
# .. event_data: MembershipData
# .. event_trigger_repository: openedx-dcp
MEMBERSHIP_REVOKED = OpenEdxPublicSignal(
    event_type="org.openedx_dcp.membership.revoked.v1",
    data={"membership": MembershipData},
)
