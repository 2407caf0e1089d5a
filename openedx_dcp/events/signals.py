"""
The plugin's outbound Open edX events.

openedx-events (10 and 11) does not restrict the event type string: ``OpenEdxPublicSignal`` registers any
type in its mapping, so the plugin uses its own reverse-DNS prefix ``org.openedx_dcp.`` and keeps
``org.openedx.`` to the library. Receivers connect as to any Open edX event; each event is sent after the
change it reports has been committed.
"""

from openedx_events.tooling import OpenEdxPublicSignal

from openedx_dcp.events.data import CohortData, DecisionData, NominationData

__all__ = ["NOMINATION_SUBMITTED", "DECISION_RELEASED", "COHORT_ANNOUNCED"]

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
