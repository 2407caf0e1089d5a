"""
Stories in Django admin (R19): staff of the program write and publish through the domain (a refusal shows on
the form and writes nothing), staff of another tenant see none of them (R1); citations and reports likewise.
"""

import datetime

from django.test import Client
from django.utils import timezone

from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.citations.models import Citation
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.engagement.stories.models import Story


def _admin(world, role, host=None):
    client = Client(HTTP_HOST=host or world.host_a)
    client.force_login(world.users[role])
    return client


def _form(world, **changes):
    data = {"program": world.program.pk, "subject_user": world.member.pk, "subject_organization": "",
            "title": "Mary keeps the forum alive", "summary": "A maintainer's year.",
            "body": "Mary answered **400** questions.", "links_text": "https://openedx.org\nhttps://discuss.openedx.org",
            "image_url": "", "image_alt": "", "published_at_0": "", "published_at_1": ""}
    data.update(changes)
    return data


def test_staff_write_a_story_in_admin_through_the_domain(eworld):
    staff = _admin(eworld, "staff")
    response = staff.post("/admin/openedx_dcp/story/add/", _form(eworld))
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get()
    assert story.links == ["https://openedx.org", "https://discuss.openedx.org"]
    assert story.created_by == eworld.staff
    assert story.consent_given_at is None and story.published_at is None


def test_publishing_in_admin_without_consent_is_refused_on_the_form(eworld):
    staff = _admin(eworld, "staff")
    now = timezone.now()
    response = staff.post("/admin/openedx_dcp/story/add/", _form(
        eworld, published_at_0=now.date().isoformat(), published_at_1="12:00:00"))
    assert response.status_code == 200
    assert "Mary Maintainer has not consented to publishing this story yet" in response.content.decode()
    assert not Story.objects.exists()


def test_staff_publish_a_consented_story_in_admin(eworld):
    story = eworld.story(consent=True)
    when = timezone.now() - datetime.timedelta(hours=1)
    response = _admin(eworld, "staff").post(f"/admin/openedx_dcp/story/{story.pk}/change/", _form(
        eworld, title=story.title, summary=story.summary, body=story.body, links_text="",
        published_at_0=when.date().isoformat(), published_at_1=when.strftime("%H:%M:%S")))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert stories_api.published_story(eworld.program, story.pk) is not None


def test_another_tenants_staff_see_no_story_citation_or_report_in_admin(eworld):
    story = eworld.story(publish=True)
    citations_api.record_citation(program=eworld.program, user=eworld.users["learner"])
    other = _admin(eworld, "other_staff")
    listing = other.get("/admin/openedx_dcp/story/", HTTP_HOST=eworld.host_b)
    assert listing.status_code == 200 and story.title not in listing.content.decode()
    assert other.get(f"/admin/openedx_dcp/story/{story.pk}/change/", HTTP_HOST=eworld.host_b).status_code == 302
    citation = Citation.objects.get()
    assert other.get(f"/admin/openedx_dcp/citation/{citation.pk}/change/",
                     HTTP_HOST=eworld.host_b).status_code == 302
    mine = _admin(eworld, "staff")
    assert story.title in mine.get("/admin/openedx_dcp/story/").content.decode()
    assert mine.get("/admin/openedx_dcp/programreport/").status_code == 200


def test_staff_record_a_citation_in_admin(eworld):
    response = _admin(eworld, "staff").post("/admin/openedx_dcp/citation/add/", {
        "program": eworld.program.pk, "user": eworld.users["learner"].pk, "statement": "Said so at the meetup."})
    assert response.status_code == 302
    citation = Citation.objects.get()
    assert (citation.source, citation.recorded_by) == ("staff", eworld.staff)
