"""
The plugin's Open edX filters: extension points that let another plugin change what the program decides,
without forking it.

A filter runs the pipeline configured for its ``filter_type`` in ``OPEN_EDX_FILTERS_CONFIG``, e.g.::

    OPEN_EDX_FILTERS_CONFIG = {
        "org.openedx_dcp.nomination.eligibility.requested.v1": {
            "pipeline": ["my_plugin.pipeline.RequireSignedCodeOfConduct"],
            "fail_silently": False,
        },
    }
"""

from openedx_filters.exceptions import OpenEdxFilterException
from openedx_filters.tooling import OpenEdxPublicFilter

__all__ = ["NominationEligibilityRequested"]


class NominationEligibilityRequested(OpenEdxPublicFilter):
    """
    Asked when a nomination is screened (R7): may another plugin add eligibility problems?

    Pipeline steps receive ``nomination`` (a ``Nomination``) and ``problems`` (the list of the program's own
    eligibility and endorsement problems, as sentences) and return ``{"nomination": ..., "problems": [...]}``
    with their own problems appended. A step may also raise ``PreventEligibility("why")``, which counts as one
    problem. Problems a step removes from the list are still enforced: the filter adds rules, it never waives
    the program's own.
    """

    filter_type = "org.openedx_dcp.nomination.eligibility.requested.v1"

    class PreventEligibility(OpenEdxFilterException):
        """Raised by a pipeline step to declare the nomination ineligible, with the reason as message."""

    @classmethod
    def run_filter(cls, nomination, problems):
        """
        Return the extra problems the pipeline found (empty when no pipeline is configured or all pass).
        """
        base = list(problems)
        try:
            data = super().run_pipeline(nomination=nomination, problems=list(base))
        except cls.PreventEligibility as exc:
            return [exc.message or "Another eligibility rule refused this nomination."]
        return [problem for problem in data.get("problems", base) if problem not in base]
