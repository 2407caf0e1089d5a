"""
Words for where a nomination stands: its endorsement progress toward the quorum, and the next step with who
must act. The numbers come from the domain (``nominations_api.endorsement_progress``); these functions only
say them, so the rule itself (R6) lives in one place.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openedx_dcp.nominations.models import NominationState as S


def progress_sentence(progress):
    """"3 of 3 endorsements; a steward representative's endorsement is still missing"."""
    sentence = ngettext(
        "%(total)s of %(needed)s endorsement", "%(total)s of %(needed)s endorsements", progress.needed
    ) % {"total": progress.total, "needed": progress.needed}
    if progress.missing_steward:
        sentence += "; " + ngettext(
            "a steward representative's endorsement is still missing",
            "%(count)s endorsements from steward representatives are still missing",
            progress.missing_steward,
        ) % {"count": progress.missing_steward}
    elif progress.needed_steward:
        sentence += "; " + ngettext(
            "the steward representative's endorsement is there",
            "the steward representatives' endorsements are there",
            progress.needed_steward,
        )
    return sentence


def next_step(nomination, progress):
    """``(what happens next, who must act)`` for ``nomination``, or ``(None, None)`` once it is closed."""
    cycle = nomination.cycle
    if nomination.state == S.DRAFT:
        if nomination.needs_consent and nomination.consent_given_at is None:
            return _("The nominee reads the nomination and consents to it (or declines)."), _("the nominee")
        if not progress.met:
            return (
                _("Endorsements are gathered until the quorum is met: %(progress)s.")
                % {"progress": progress_sentence(progress)},
                _("the nominator asks recognized community members, who endorse"),
            )
        return _("The nominator submits the nomination before nominations close on %(date)s.") % {
            "date": date_format(cycle.nominations_close, "DATE_FORMAT")}, _("the nominator")
    if nomination.state == S.SUBMITTED:
        return _("The review panel screens the nomination after nominations close on %(date)s.") % {
            "date": date_format(cycle.nominations_close, "DATE_FORMAT")}, _("program staff and the review panel")
    if nomination.state == S.SCREENING:
        return _("The panel checks consent, endorsements and eligibility."), _("the review panel")
    if nomination.state == S.EVALUATION:
        return _("Panelists review the nomination's impact against the track's rubric."), _("the review panel")
    if nomination.state == S.DELIBERATION:
        return (
            _("The panel deliberates; a steward representative then approves the final list."),
            _("the review panel, then a steward representative"),
        )
    if nomination.state == S.SELECTED:
        return _("The cohort is announced on %(date)s.") % {
            "date": date_format(cycle.announcement_at, "DATE_FORMAT")}, _("nobody: it happens on that date")
    return None, None


STATE_TONE = {
    S.SELECTED: "good", S.ANNOUNCED: "good",
    S.NOT_SELECTED: "bad", S.SCREENED_OUT: "bad", S.WITHDRAWN: "bad", S.RESCINDED: "bad",
    S.DRAFT: "warn",
}
