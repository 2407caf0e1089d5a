"""
The program dashboard (R18): a public version for everyone, a detailed one for program staff.
"""

from drf_spectacular.types import OpenApiTypes
from rest_framework import generics
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from openedx_dcp.api.v1.base import DcpViewMixin, PublicView
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.dashboard import api
from openedx_dcp.programs import api as programs_api


class PublicDashboardView(PublicView):
    """``GET``: each key result of a program of this site with its target, value and status. Anonymous."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, program_slug):
        return Response(api.program_dashboard(program=self.program(program_slug)))


class StaffDashboardView(DcpViewMixin, generics.GenericAPIView):
    """``GET`` (program staff): the dashboard with per-cycle figures, live members and nominations in flight."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        program = get_object_or_404(programs_api.programs_for_site(site=self.site), pk=pk)
        programs_api.require_program_staff(user=request.user, program=program)
        return Response(api.program_dashboard(program=program, detailed=True))
