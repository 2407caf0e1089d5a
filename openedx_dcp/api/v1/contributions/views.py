"""
REST views of contribution signals: external signal batches, a person's evidence, cohort retention and
contributor counts. Thin callers of ``openedx_dcp.contributions.api``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from openedx_dcp.api.v1.base import DcpViewMixin
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.exceptions import NotPermitted, ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle, Organization

__all__ = [
    "SignalBatchView",
    "PersonEvidenceView",
    "OrganizationEvidenceView",
    "CohortMetricsView",
    "ContributorCountsView",
    "OptInView",
]


class IsProgramStaffOfTenant(permissions.BasePermission):
    """Allows program staff of a program of the request's tenant (and superusers)."""

    message = "Only program staff of this site may do this."

    def has_permission(self, request, view):
        return bool(programs_api.staff_program_ids(user=request.user, site=view.site))


def _program(view, request):
    """The tenant's program named by ``?program=<slug>``, or its only/first active program."""
    programs = programs_api.programs_for_site(site=view.site).order_by("id")
    slug = request.query_params.get("program")
    if slug and len(slug) > 64:  # as slugs are stored (SlugFilter)
        raise ValidationFailed(_("Ensure this value has at most 64 characters."), field="program", code="max_length")
    if slug:
        programs = programs.filter(slug=slug)
    program = programs.first()
    if program is None:
        raise Http404("No program on this site.")
    return program


def _iso(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


class SignalBatchView(DcpViewMixin, APIView):
    """
    ``POST /api/dcp/v1/signals/``: a batch of external signals (code contributions, talks, posts, working
    groups) for the tenant. Program staff, or an integration user made program staff. Good items are stored,
    bad ones answered with their index and reasons; replaying a batch changes nothing.
    """

    permission_classes = [permissions.IsAuthenticated, IsProgramStaffOfTenant]

    @extend_schema(
        summary="Store a batch of external contribution signals",
        description="Body: a list of signals, or {\"signals\": [...]}. Each signal: kind, source, source_id, "
        "occurred_at (ISO 8601), user (username) or organization (slug), optional weight and url. "
        f"At most {contributions_api.MAX_BATCH} per request.",
        request=dict, responses={200: dict, 400: dict},
    )
    def post(self, request):
        items = request.data.get("signals") if isinstance(request.data, dict) else request.data
        if items is None:
            raise ValidationFailed(_("Send a list of signals."), field="signals")
        report = contributions_api.ingest_signals(site=self.site, items=items)
        code = status.HTTP_400_BAD_REQUEST if report["errors"] and not report["accepted"] else status.HTTP_200_OK
        return Response(report, status=code)


class PersonEvidenceView(DcpViewMixin, APIView):
    """
    ``GET /api/dcp/v1/signals/evidence/<username>/``: a person's evidence on the tenant's program (per track
    first/last activity, active months, counts per kind). The person themself and program staff.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="A person's contribution evidence",
        parameters=[OpenApiParameter("program", {"type": "string", "maxLength": 64},
                                    description="Program slug (default: the site's first)")],
        responses={200: dict},
    )
    def get(self, request, username):
        program = _program(self, request)
        if request.user.get_username() != username and not programs_api.is_program_staff(user=request.user,
                                                                                         program=program):
            raise NotPermitted(_("Only the person and program staff may see this evidence."))
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise Http404("No such user.")
        summary = contributions_api.evidence_summary(program=program, user=person)
        for track in summary["tracks"].values():
            track["first"], track["last"] = _iso(track["first"]), _iso(track["last"])
        return Response({"username": username, "program": program.slug, **summary})


class OrganizationEvidenceView(DcpViewMixin, APIView):
    """
    ``GET /api/dcp/v1/signals/evidence/organizations/<slug>/``: an organization's evidence on the tenant's
    program (Partner track, R13). People affiliated with the organization and program staff.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="An organization's contribution evidence",
        parameters=[OpenApiParameter("program", {"type": "string", "maxLength": 64},
                                    description="Program slug (default: the site's first)")],
        responses={200: dict},
    )
    def get(self, request, slug):
        program = _program(self, request)
        organization = Organization.objects.filter(site=self.site, slug=slug).first()
        is_staff = programs_api.is_program_staff(user=request.user, program=program)
        affiliated = organization is not None and organization.pk in programs_api.affiliated_organization_ids(
            user=request.user
        )
        if not (is_staff or affiliated):
            raise NotPermitted(_("Only the organization's people and program staff may see this evidence."))
        if organization is None:
            raise Http404("No such organization on this site.")
        summary = contributions_api.evidence_summary(program=program, organization=organization)
        for track in summary["tracks"].values():
            track["first"], track["last"] = _iso(track["first"]), _iso(track["last"])
        return Response({"organization": slug, "program": program.slug, **summary})


class CohortMetricsView(DcpViewMixin, APIView):
    """
    ``GET /api/dcp/v1/signals/cohorts/<cycle_id>/``: retention at 12 months against the target and survival
    at 3, 6, 9 and 12 months for a cycle's cohort (R18). Program staff of the cycle's program.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Retention and survival of a cohort", responses={200: dict})
    def get(self, request, cycle_id):
        cycle = Cycle.objects.select_related("program", "rules").filter(
            pk=cycle_id, program__site=self.site
        ).first()
        if cycle is None:
            raise Http404("No such cycle on this site.")
        programs_api.require_program_staff(user=request.user, program=cycle.program)
        return Response({
            "retention": membership_api.cohort_retention(cycle=cycle),
            "survival": membership_api.survival(cycle=cycle),
        })


class ContributorCountsView(DcpViewMixin, APIView):
    """
    ``GET /api/dcp/v1/signals/contributors/?periods=12&period_months=1``: CHAOSS-style active, new and
    inactive contributors per period on the tenant. Program staff.
    """

    permission_classes = [permissions.IsAuthenticated, IsProgramStaffOfTenant]

    @extend_schema(
        summary="New and inactive contributors per period",
        parameters=[OpenApiParameter("periods", int), OpenApiParameter("period_months", int)],
        responses={200: dict},
    )
    def get(self, request):
        try:
            count = int(request.query_params.get("periods", 12))
            months = int(request.query_params.get("period_months", 1))
        except ValueError as exc:
            raise ValidationFailed(_("periods and period_months are whole numbers."), field="periods") from exc
        if not 1 <= count <= 36 or months not in (1, 3, 6, 12):
            raise ValidationFailed(_("periods is 1–36 and period_months one of 1, 3, 6, 12."), field="periods")
        rows = contributions_api.new_and_inactive_contributors(
            site=self.site, periods=contributions_api.monthly_periods(count=count, period_months=months)
        )
        return Response({"periods": [{**row, "start": _iso(row["start"]), "end": _iso(row["end"])} for row in rows]})


class OptInView(DcpViewMixin, APIView):
    """
    ``/api/dcp/v1/signals/opt-in/``: the requesting user asks the tenant's program to record their
    contributions (``PUT``), stops it (``DELETE``) or reads the choice (``GET``).
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Whether I opted in", responses={200: dict})
    def get(self, request):
        return Response({"opted_in": contributions_api.is_opted_in(site=self.site, user=request.user)})

    @extend_schema(summary="Opt in to contribution tracking", request=None, responses={200: dict})
    def put(self, request):
        contributions_api.opt_in(site=self.site, user=request.user)
        return Response({"opted_in": True})

    @extend_schema(summary="Opt out of contribution tracking", responses={200: dict})
    def delete(self, request):
        contributions_api.opt_out(site=self.site, user=request.user)
        return Response({"opted_in": False})
