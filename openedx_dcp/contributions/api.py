"""
Contribution signals (R21): the package's front. Other packages, the REST layer and commands import this module (the
event receivers also read ``contributions.tracking``'s snapshot); the functions live in a module per concern:
``contributions.evidence`` (the evidence queries eligibility, renewal and lifetime read), ``contributions.ingest``
(recording signals: from events, a REST batch, the streamed bulk import) and ``contributions.optin``; the CHAOSS
counts of people come from ``contributions.engagement``. A cohort's engagement and retention (R18) are the
membership package's.
"""

from openedx_dcp.contributions.engagement import monthly_periods, new_and_inactive_contributors
from openedx_dcp.contributions.evidence import (
    active_months,
    activity_span,
    counts_by_kind,
    evidence_summary,
    first_activity,
    signals_of,
    track_activity,
)
from openedx_dcp.contributions.ingest import (
    EVENT_SOURCE,
    MAX_BATCH,
    ImportSummary,
    clean_signal_item,
    import_signals,
    ingest_signals,
    record_signal,
)
from openedx_dcp.contributions.optin import (
    is_opted_in,
    opt_in,
    opt_out,
)

__all__ = [
    "signals_of",
    "first_activity",
    "activity_span",
    "track_activity",
    "active_months",
    "counts_by_kind",
    "evidence_summary",
    "record_signal",
    "clean_signal_item",
    "ingest_signals",
    "import_signals",
    "ImportSummary",
    "opt_in",
    "opt_out",
    "is_opted_in",
    "EVENT_SOURCE",
    "MAX_BATCH",
    "new_and_inactive_contributors",
    "monthly_periods",
]
