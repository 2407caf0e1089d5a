"""
How review meets the other packages: panelists are tracked for contribution signals (R21), and a conflicted
panelist who is also program staff does not see the nomination in the foundation's admin either (R10).
"""

from django.test import Client

from openedx_dcp.contributions import tracking
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api
from openedx_dcp.review.models import Panelist
from tests.factories import UserFactory, grant_role, make_staff
from tests.world import REVIEW_HOST_A as HOST_A


def test_r21_panelists_are_tracked_even_without_a_role_left(world):
    user = UserFactory(username="seated")
    grant_role(world.program, user, CommunityRole.TOC_MEMBER)
    api.add_panelist(cycle=world.cycle, user=user, seat=CommunityRole.TOC_MEMBER, actor=world.staff)
    CommunityRole.objects.filter(user=user).delete()
    assert tracking.is_tracked(user.pk)
    Panelist.objects.filter(user=user).delete()
    assert not tracking.is_tracked(user.pk)


def test_r10_conflicted_staff_panelist_does_not_see_the_nomination_in_admin(world):
    nomination = world.nominations[0]
    endorser = world.endorsers[0]  # endorsed every nomination: conflicted on all of them
    endorser.is_staff = True
    endorser.save()
    make_staff(world.program, endorser)
    grant_role(world.program, endorser, CommunityRole.CORE_CONTRIBUTOR)
    client = Client(HTTP_HOST=HOST_A)
    client.force_login(endorser)
    assert client.get("/admin/openedx_dcp/nomination/").context["cl"].result_count == len(world.nominations)
    api.add_panelist(cycle=world.cycle, user=endorser, seat=CommunityRole.CORE_CONTRIBUTOR, actor=world.staff)
    assert client.get("/admin/openedx_dcp/nomination/").context["cl"].result_count == 0
    assert client.get(f"/admin/openedx_dcp/nomination/{nomination.pk}/change/").status_code == 302
