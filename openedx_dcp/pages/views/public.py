"""
The program's public face (R18, R22, R23), anonymous and per tenant: the directory of members and alumni, a
member's badge page (the page people link to), the verification page, and the dashboard with its charts.

Another tenant's program or member, a revoked membership, a retired account: not found (R1, R23, R26). Each page
makes the same number of queries whatever the number of members it shows.
"""

import json
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.counts import KeptCountPaginator
from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.dashboard import api as dashboard_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import MembershipState
from openedx_dcp.pages import charts, checks
from openedx_dcp.pages.base import PageView, page_url
from openedx_dcp.pages.forms import DirectoryForm, VerifyForm
from openedx_dcp.pages.views.stories import stories_of_member
from openedx_dcp.tenancy import public_url

PAGE_SIZE = 24
# What a directory card shows (``directory_entry``): the page reads only these columns of its 24 rows and their
# member, track and cycle, not every column of each (P5).
CARD_FIELDS = ("organization", "user", "track", "cycle", "state", "term_start", "user__username",
               "user__first_name", "user__last_name", "organization__name", "organization__slug", "track__name",
               "cycle__announcement_at")
LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"
LINKEDIN_SHARE_URL = "https://www.linkedin.com/sharing/share-offsite/"

MEMBER_STATES = {
    MembershipState.ACTIVE: gettext_lazy("Member"),
    MembershipState.RENEWAL_REVIEW: gettext_lazy("Member (renewal under review)"),
    MembershipState.RENEWED: gettext_lazy("Member (renewed)"),
    MembershipState.GRACE: gettext_lazy("Member (grace period)"),
    MembershipState.LIFETIME: gettext_lazy("Lifetime member"),
    MembershipState.LAPSED: gettext_lazy("Alumni"),
}


def absolute(site, path):
    """``path`` as an absolute URL on the tenant's public base URL (as credential ids are, ADR 0017)."""
    return public_url(site, path)


def member_display(membership):
    """The member's name as the directory shows it: the organization's, or the person's full name or username."""
    if membership.organization_id:
        return membership.organization.name
    user = membership.user
    return user.get_full_name() or user.get_username()


def member_url(program, membership):
    """The member's badge page."""
    if membership.organization_id:
        return page_url("member-organization", program=program.slug, organization=membership.organization.slug)
    return page_url("member", program=program.slug, username=membership.user.get_username())


def member_organizations(membership):
    """The member organization, or the person's current organizations (prefetched by the directory)."""
    if membership.organization_id:
        return []
    return [affiliation.organization for affiliation in getattr(membership.user, "current_affiliations", [])]


def cohort_year(membership):
    """The year of the cycle that recognized the member (in the site's time zone, as the filter reads it), else
    the year the term started."""
    if membership.cycle_id:
        return timezone.localtime(membership.cycle.announcement_at).year
    return membership.term_start.year


def directory_entry(program, membership):
    return {
        "name": member_display(membership),
        "username": None if membership.organization_id else membership.user.get_username(),
        "is_organization": bool(membership.organization_id),
        "organizations": member_organizations(membership),
        "track": membership.track.name,
        "state": MEMBER_STATES.get(membership.state, membership.state),
        "alumni": membership.state == MembershipState.LAPSED,
        "year": cohort_year(membership),
        "url": member_url(program, membership),
    }


class DirectoryView(PageView):
    """``/dcp/<program>/members/``: members and alumni, searched and filtered, 24 a page (R23)."""

    login_required = False
    nav = "directory"
    template_name = "openedx_dcp/pages/public/directory.html"

    def get(self, request, *args, **kwargs):
        facets = membership_api.directory_facets(program=self.program)
        form = DirectoryForm(request.GET or None, facets=facets)
        status = 200
        filters = {}
        if form.is_bound:
            if form.is_valid():
                data = form.cleaned_data
                filters = {"text": data["q"], "track": data["track"] or None, "year": data["year"],
                           "organization": data["organization"] or None, "status": data["status"] or "all"}
            else:
                status = 400
        listed = membership_api.directory_search(program=self.program, **filters) if status == 200 else None
        page, shown = None, []
        if listed is not None:
            # Ids first (P5): the page's ids in name order from the directory's index with no join, then only
            # those rows with what a card shows.
            page = KeptCountPaginator(listed.values_list("pk", flat=True), PAGE_SIZE).get_page(
                request.GET.get("page"))
            rows = listed.order_by().only(*CARD_FIELDS).in_bulk(list(page))
            shown = [rows[pk] for pk in page if pk in rows]
        # The filters as they are, for the pagination links.
        query = {name: value for name, value in request.GET.items() if name != "page" and value}
        context = self.get_context_data(
            page_title=_("Members and alumni"),
            form=form,
            page=page,
            entries=[directory_entry(self.program, membership) for membership in shown],
            filtered=bool(query),
            query=urlencode(query),
        )
        return self.render_to_response(context, status=status)


def credential_status(credential, now):
    """The credential's status as the page states it: ``(key, sentence)``."""
    if credential.revoked_at is not None:
        sentence = _("Revoked on %(date)s.") % {"date": _date(credential.revoked_at)}
        if credential.revocation_reason_published and credential.revocation_reason:
            sentence = _("Revoked on %(date)s: %(reason)s") % {"date": _date(credential.revoked_at),
                                                               "reason": credential.revocation_reason}
        return "revoked", sentence
    if credential.valid_until is not None and credential.valid_until <= now:
        return "expired", _("Expired on %(date)s.") % {"date": _date(credential.valid_until)}
    if credential.valid_from > now:
        return "pending", _("Valid from %(date)s.") % {"date": _date(credential.valid_from)}
    if credential.valid_until is not None:
        return "active", _("Active, valid until %(date)s.") % {"date": _date(credential.valid_until)}
    return "active", _("Active.")


def _date(moment):
    return date_format(moment, "DATE_FORMAT")


def linkedin_add_url(credential, document, page_link):
    """LinkedIn's "Add license or certification" link filled with the badge (name, issuer, dates, id, URL)."""
    issuer = document.get("issuer") or {}
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": document.get("name") or credential.track.name,
        "organizationName": issuer.get("name", "") if isinstance(issuer, dict) else "",
        "issueYear": credential.valid_from.year,
        "issueMonth": credential.valid_from.month,
    }
    if credential.valid_until is not None:
        params["expirationYear"] = credential.valid_until.year
        params["expirationMonth"] = credential.valid_until.month
    params["certId"] = str(credential.public_id)
    params["certUrl"] = page_link
    return f"{LINKEDIN_ADD_URL}?{urlencode(params)}"


def _api_path(name, **kwargs):
    return reverse(f"openedx_dcp:{name}", kwargs=kwargs)


def _issued_image_url(document):
    """The image the credential names (its achievement's, as issued), when it is a web URL."""
    image = document.get("image") or (document.get("credentialSubject") or {}).get("achievement", {}).get("image")
    url = image.get("id") if isinstance(image, dict) else image
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def endorsement_entry(endorsement, program):
    """What the member page shows of an EndorsementCredential about a badge."""
    document = endorsement.document or {}
    endorser = endorsement.endorsement.endorser
    path = _api_path("dcp-public-endorsement-credential", public_id=endorsement.public_id)
    return {
        "endorser": endorser.get_full_name() or endorser.get_username(),
        "comment": (document.get("credentialSubject") or {}).get("endorsementComment", ""),
        "valid_from": endorsement.valid_from,
        "json_url": path,
        "verify_url": f"{page_url('verify', program=program.slug)}?"
                      f"{urlencode({'credential': absolute(program.site, path)})}",
    }


def badge(program, membership, credential, page_link, now, endorsements=()):
    """What the member page shows of one membership and its newest credential."""
    entry = {"membership": membership, "track": membership.track.name,
             "state": MEMBER_STATES.get(membership.state, membership.state),
             "year": cohort_year(membership), "credential": None}
    if credential is None:
        return entry
    document = credential.document or {}
    achievement = (document.get("credentialSubject") or {}).get("achievement") or {}
    issuer = document.get("issuer") if isinstance(document.get("issuer"), dict) else {}
    status, status_sentence = credential_status(credential, now)
    program_slug = program.slug
    entry.update({
        "credential": credential,
        "anchor": f"badge-{credential.public_id}",
        "name": document.get("name") or achievement.get("name") or membership.track.name,
        "achievement": {
            "name": achievement.get("name") or membership.track.name,
            "description": achievement.get("description", ""),
            "criteria": (achievement.get("criteria") or {}).get("narrative", ""),
        },
        "issuer": {"name": issuer.get("name", ""), "url": issuer.get("url", ""), "id": issuer.get("id", "")},
        # Shown as the SVG (sharp at any size); shared as the PNG the credential names (what previews show).
        "image_url": _api_path("dcp-public-achievement-image", program_slug=program_slug,
                               track_slug=membership.track.slug),
        "share_image_url": _issued_image_url(document) or absolute(program.site, _api_path(
            "dcp-public-achievement-image-png", program_slug=program_slug, track_slug=membership.track.slug)),
        "status": status,
        "status_sentence": status_sentence,
        "downloads": {
            "json": page_url("credential-json", program=program_slug, public_id=credential.public_id),
            "jwt": page_url("credential-jwt", program=program_slug, public_id=credential.public_id),
            "svg": _api_path("dcp-public-credential-baked-svg", public_id=credential.public_id),
            "png": _api_path("dcp-public-credential-baked-png", public_id=credential.public_id),
        },
        "endorsements": [endorsement_entry(endorsement, program) for endorsement in endorsements],
        "linkedin_url": linkedin_add_url(credential, document, page_link),
        "verify_url": f"?{urlencode({'verify': str(credential.public_id)})}#verify-{credential.public_id}",
    })
    return entry


class MemberView(PageView):
    """
    ``/dcp/<program>/members/<username>/`` (and ``organizations/<slug>/``): the badge page people link to. Each
    of the member's tracks with its newest badge: image, achievement and criteria, issuer, dates and status, a
    Verify button (``?verify=<credential id>``, answered on the page), downloads, "Add to LinkedIn", a share
    link with Open Graph tags. Not found for anyone the directory does not list.
    """

    login_required = False
    nav = "directory"
    template_name = "openedx_dcp/pages/public/member.html"

    def get(self, request, *args, **kwargs):
        if "organization" in kwargs:
            memberships = membership_api.directory_entries_of(program=self.program,
                                                              organization_slug=kwargs["organization"])
        else:
            memberships = membership_api.directory_entries_of(program=self.program, username=kwargs["username"])
        if not memberships:
            raise Http404("No such member in this program's directory.")
        now = timezone.now()
        page_link = absolute(self.site, request.path)
        newest = credentials_api.newest_credentials_of(memberships=memberships)
        endorsements = credentials_api.endorsement_credentials_for_each(credentials=list(newest.values()))
        badges = [
            badge(self.program, membership, newest.get(membership.pk), page_link, now,
                  endorsements.get(newest[membership.pk].pk, []) if membership.pk in newest else [])
            for membership in memberships
        ]
        status = 200
        refusal = None
        asked = request.GET.get("verify")
        if asked:
            target = next((b for b in badges if b["credential"] and str(b["credential"].public_id) == asked), None)
            if target is None:
                status, refusal = 400, _("That credential is not one of this member's badges: use a Verify button "
                                         "below, or the verification page for any other badge.")
            else:
                verification = credentials_api.verify_credential_id(site=self.site, credential_id=asked)
                target["verification"] = {"headline": checks.headline(verification), "valid": verification.is_valid,
                                          "checks": checks.plain_checks(verification),
                                          "reason": verification.reason}
        first = memberships[0]
        shown = next((b for b in badges if b["credential"] is not None), None)
        name = member_display(first)
        if shown is not None:
            og_title = _("%(member)s: %(badge)s") % {"member": name, "badge": shown["name"]}
            og_description = _("%(member)s is recognized as %(achievement)s by %(issuer)s. %(status)s") % {
                "member": name, "achievement": shown["achievement"]["name"],
                "issuer": shown["issuer"]["name"] or self.program.name, "status": shown["status_sentence"]}
        else:
            og_title = name
            og_description = _("%(member)s in the directory of %(program)s.") % {"member": name,
                                                                                  "program": self.program.name}
        share_text = urlencode({"url": page_link})
        context = self.get_context_data(
            page_title=name,
            member_name=name,
            username=None if first.organization_id else first.user.get_username(),
            is_organization=bool(first.organization_id),
            organizations=member_organizations(first),
            badges=badges,
            page_link=page_link,
            linkedin_share_url=f"{LINKEDIN_SHARE_URL}?{share_text}",
            og={"title": og_title, "description": og_description, "url": page_link,
                "image": shown["share_image_url"] if shown else None},
            refusal=refusal,
            # Published stories about the member (R19), one query.
            stories=stories_of_member(self.program, user=None if first.organization_id else first.user,
                                      organization=first.organization if first.organization_id else None),
        )
        return self.render_to_response(context, status=status)


class CredentialDownloadView(PageView):
    """
    ``/dcp/<program>/credentials/<id>/badge.json`` and ``badge.jwt``: the public credential (the JSON with its
    embedded proof, or the VC-JWT) as a file to keep. The same documents the public credential URL serves.
    """

    login_required = False
    form = "json"

    def get(self, request, *args, **kwargs):
        credential = credentials_api.credential_on_site(site=self.site, public_id=kwargs["public_id"])
        if credential is None or credential.program_id != self.program.pk or not credential.jwt:
            raise Http404("No such credential in this program.")
        name = f"{self.program.slug}-{credential.track.slug}-badge-{credential.public_id}"
        if self.form == "jwt":
            response = HttpResponse(credential.jwt, content_type="application/vc+jwt")
            response["Content-Disposition"] = f'attachment; filename="{name}.jwt"'
        else:
            body = json.dumps(credentials_api.secured_document(credential=credential), indent=2, cls=DjangoJSONEncoder)
            response = HttpResponse(body, content_type="application/vc+ld+json")
            response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response


class VerifyView(PageView):
    """
    ``/dcp/<program>/verify/``: anyone pastes a JWT or JSON credential, or chooses (or drops) a credential file
    or a baked badge image, and reads each check in plain words. ``?credential=<id or URL>`` verifies a
    credential this site issued. Bad input: a sentence saying what to fix (400).
    """

    login_required = False
    nav = "verify"
    template_name = "openedx_dcp/pages/public/verify.html"

    def render_result(self, form, verification=None, problem=None):
        result = None
        if verification is not None:
            result = {"headline": checks.headline(verification), "valid": verification.is_valid,
                      "checks": checks.plain_checks(verification), "reason": verification.reason,
                      "credential_id": verification.credential_id}
        if problem is not None:
            form.add_error(None, problem)
        context = self.get_context_data(page_title=_("Verify a badge"), form=form, result=result)
        return self.render_to_response(context, status=400 if problem is not None else 200)

    def get(self, request, *args, **kwargs):
        asked = request.GET.get("credential", "").strip()
        if asked:
            verification = credentials_api.verify_credential_id(site=self.site, credential_id=asked)
            return self.render_result(VerifyForm(), verification)
        return self.render_result(VerifyForm())

    def post(self, request, *args, **kwargs):
        form = VerifyForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_result(form, problem=_("Fix the field marked below and check again."))
        try:
            kind, value = checks.read_credential(form.cleaned_data["credential"], form.cleaned_data["file"])
        except checks.UnreadableCredential as exc:
            return self.render_result(form, problem=str(exc))
        return self.render_result(form, checks.verify(self.site, kind, value))


KEY_RESULT_LABELS = {
    "nominations_per_cycle": gettext_lazy("Nominations per cycle (latest cycle)"),
    "selections_first_year": gettext_lazy("Distinguished Contributors recognized in the first year"),
    "follow_on_opt_in": gettext_lazy("Members opted in to follow-on engagement"),
    "mentors_or_validators": gettext_lazy("Members serving as mentors or validators"),
    "retention_12_months": gettext_lazy("Members still engaged 12 months after recognition"),
    "stories_and_spotlights": gettext_lazy("Stories and spotlights published"),
    "feedback_rounds": gettext_lazy("Feedback rounds in the last 12 months"),
    "awareness": gettext_lazy("Community members aware of the program"),
    "program_changes": gettext_lazy("Program changes in the last 12 months"),
    "panel_rotation": gettext_lazy("Panelists who also sat on the previous cycle's panel"),
    "new_contributors_citing_program": gettext_lazy("New contributors citing the program"),
    "stories_every_quarter": gettext_lazy("Quarters with at least one story, since the first"),
    "outcomes_shared": gettext_lazy("Program reports shared in the last 12 months"),
}
SHARES = {"follow_on_opt_in", "retention_12_months", "panel_rotation", "stories_every_quarter", "awareness"}
KEY_RESULT_STATUSES = {
    "met": gettext_lazy("Target met"),
    "not_met": gettext_lazy("Below target"),
    "no_data": gettext_lazy("Nothing to measure yet"),
    "not_tracked": gettext_lazy("Not recorded here yet"),
    "reported": gettext_lazy("Reported (no target)"),
}


class DashboardView(PageView):
    """
    ``/dcp/<program>/dashboard/``: the public dashboard (R18) as the public REST endpoint gives it, with charts
    drawn on the server as inline SVG (each with a title and a description) and the same numbers in a table
    beside each chart: the key results as progress bars, the cohorts by track and year, the retention curve.
    """

    login_required = False
    nav = "dashboard"
    template_name = "openedx_dcp/pages/public/dashboard.html"

    def get_context_data(self, **kwargs):
        data = dashboard_api.program_dashboard(program=self.program)
        key_results = [
            charts.key_result(result, label=KEY_RESULT_LABELS.get(result["key"], result["label"]),
                              share=result["key"] in SHARES,
                              status_label=KEY_RESULT_STATUSES.get(result["status"], result["status"]))
            for result in data["key_results"]
        ]
        retention_target = next((r["target"] for r in data["key_results"] if r["key"] == "retention_12_months"),
                                None)
        return super().get_context_data(
            page_title=_("Program dashboard"),
            as_of=data["as_of"],
            key_results=key_results,
            cohorts=charts.cohort_bars(data["cohorts"]),
            retention=charts.retention_line(data["retention_curve"], retention_target),
            # KR 3.3: each rules change of the last 12 months with its reason (and the feedback round it cites).
            program_changes=next((r["detail"]["changes"] for r in data["key_results"]
                                  if r["key"] == "program_changes" and r["detail"]), []),
            **kwargs,
        )


__all__ = ["DirectoryView", "MemberView", "CredentialDownloadView", "VerifyView", "DashboardView"]
