"""
factory-boy factories for the foundation's models and the builders every test uses (a program, a cycle, a
nomination, an endorsement). Domain packages add their own beside their tests; ``tests/world.py`` composes them.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.utils import timezone

from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import EndorsementRequest
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation, CommunityRole, Cycle, Organization, ProgramStaff


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pass")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("domain",)

    domain = factory.Sequence(lambda n: f"tenant{n}.example.com")
    name = factory.LazyAttribute(lambda s: s.domain)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    site = factory.SubFactory(SiteFactory)
    slug = factory.Sequence(lambda n: f"org{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())
    size = 50


def make_program(site=None, slug="dcp", **kwargs):
    """A program with the seeds' defaults on ``site`` (a new one by default)."""
    site = site or SiteFactory()
    return programs_api.create_program(site=site, slug=slug, name=kwargs.pop("name",
                                                                             "Distinguished Contributor Program"),
                                       **kwargs)


def make_cycle(program, slug="2025", open_for_nominations=True, **kwargs):
    """A cycle whose nominations are open now (or closed, with open_for_nominations=False)."""
    now = timezone.now()
    if open_for_nominations:
        opens, closes = now - datetime.timedelta(days=10), now + datetime.timedelta(days=30)
    else:
        opens, closes = now - datetime.timedelta(days=60), now - datetime.timedelta(days=1)
    dates = {
        "nominations_open": opens,
        "nominations_close": closes,
        "review_start": closes + datetime.timedelta(days=1),
        "review_end": closes + datetime.timedelta(days=15),
        "announcement_at": closes + datetime.timedelta(days=31),
    }
    dates.update(kwargs)
    return programs_api.create_cycle(program=program, slug=slug, name=f"Cycle {slug}", **dates)


def grant_role(program, user, role, organization=None, start=None):
    """Give ``user`` a community role in ``program`` from ``start`` (a year ago by default)."""
    return CommunityRole.objects.create(
        program=program, user=user, role=role, organization=organization,
        start=start or (timezone.now().date() - datetime.timedelta(days=365)),
    )


def make_staff(program, user=None):
    """A program staff user of ``program``."""
    user = user or UserFactory(is_staff=True)
    ProgramStaff.objects.create(program=program, user=user)
    return user


def affiliate(user, organization):
    """Make ``user`` a member of ``organization`` since a year ago."""
    return Affiliation.objects.create(
        user=user, organization=organization, start=timezone.now().date() - datetime.timedelta(days=365)
    )


def close_nominations(cycle):
    """End ``cycle``'s nomination window a moment ago (screening may start, R4); the later phases stay."""

    Cycle.objects.filter(pk=cycle.pk).update(nominations_close=timezone.now() - datetime.timedelta(seconds=1))
    cycle.refresh_from_db()
    return cycle


def nominate(cycle, track, nominator, nominee, **fields):
    """A peer nomination with the R5 fields filled in and a declared first contribution 3 years ago."""
    defaults = {
        "summary": "Maintains the forum and the course authoring MFE.",
        "impact_statement": "Adopted by dozens of operators.",
        "references": "Partner A, Partner B",
        "evidence_links": ["https://github.com/openedx/frontend-app-authoring/pulls?q=author:x"],
        "first_contribution_date": timezone.now().date() - datetime.timedelta(days=3 * 365),
        "first_contribution_evidence": "https://github.com/openedx/edx-platform/pull/1",
    }
    defaults.update(fields)
    return nominations_api.create_nomination(cycle=cycle, track=track, nominator=nominator, kind="peer",
                                             nominee_user=nominee, **defaults)


def ask(nomination, *endorsers):
    """The nominator asks each of ``endorsers`` to endorse (R26: being asked opens a peer nomination before
    the nominee's consent), as ``review.api.request_endorsement`` records it, without its email."""
    for endorser in endorsers:
        EndorsementRequest.objects.get_or_create(nomination=nomination, endorser=endorser,
                                                 defaults={"requested_by": nomination.nominator})


def endorse(nomination, endorser, statement=""):
    """``endorser``, asked by the nominator, endorses ``nomination`` (R6)."""
    ask(nomination, endorser)
    return nominations_api.endorse(nomination=nomination, endorser=endorser, statement=statement)
