"""
Stories and spotlights (R19, KR 2.1): the domain rules (consent before publication, R26's "not found" for the
people a draft is hidden from, tenants apart), safe Markdown, the pages, the Atom feed, the dashboard's count
and quarter check, constant queries, and retirement.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.dashboard import api as dashboard_api
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.engagement.stories.models import Story
from openedx_dcp.exceptions import NotFound, NotPermitted, RuleViolation, ValidationFailed
from openedx_dcp.retirement import retire_user_data
from openedx_dcp.tenancy import public_url
from tests.engagement.stories.conftest import days_ago
from tests.factories import UserFactory

ATOM = "{http://www.w3.org/2005/Atom}"


# ---- domain rules ----------------------------------------------------------------------------------------------

def test_r19_a_story_without_the_members_consent_is_refused_publication(eworld):
    story = eworld.story()
    with pytest.raises(RuleViolation) as refused:
        stories_api.publish_story(story=story, actor=eworld.staff)
    assert refused.value.code == "consent_required"
    assert "Mary Maintainer has not consented" in refused.value.message
    story.refresh_from_db()
    assert story.published_at is None


def test_r19_the_database_refuses_a_publication_date_without_consent(eworld):
    story = eworld.story()
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(published_at=timezone.now())


def test_r19_consented_and_published_stories_are_public_drafts_and_future_ones_are_not(eworld):
    published = eworld.story(publish=True, title="Published")
    eworld.story(consent=True, title="Consented draft")
    eworld.story(title="Draft")
    eworld.story(publish_at=timezone.now() + datetime.timedelta(days=3), title="Scheduled")
    assert [s.title for s in stories_api.published_stories(eworld.program)] == ["Published"]
    assert stories_api.published_story(eworld.program, published.pk) == published


def test_r26_a_change_to_what_a_consented_story_says_takes_consent_and_publication_back(eworld):
    story = eworld.story(publish=True)
    stories_api.update_story(story=story, actor=eworld.staff, summary="A maintainer's year.")  # unchanged
    story.refresh_from_db()
    assert story.published_at is not None
    stories_api.update_story(story=story, actor=eworld.staff, body="Something else entirely.")
    story.refresh_from_db()
    assert story.consent_given_at is None and story.published_at is None


def test_r26_withdrawing_consent_takes_the_story_off_the_public_pages(eworld):
    story = eworld.story(publish=True)
    stories_api.withdraw_consent(story=story, actor=eworld.member)
    assert not stories_api.published_stories(eworld.program).exists()
    assert eworld.page_client(None).get(f"/dcp/dcp/stories/{story.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["learner", "staff", "panelist", "other_staff"])
def test_r26_only_the_member_consents_anyone_else_reads_not_found(eworld, who):
    story = eworld.story()
    with pytest.raises(NotFound):
        stories_api.give_consent(story=story, actor=eworld.users[who])
    story.refresh_from_db()
    assert story.consent_given_at is None


def test_a_person_of_the_member_organization_consents_for_its_story(eworld):
    story = eworld.story(subject=eworld.acme)
    with pytest.raises(NotFound):
        stories_api.give_consent(story=story, actor=eworld.member)
    stories_api.give_consent(story=story, actor=eworld.acme_rep)
    story = stories_api.publish_story(story=story, actor=eworld.staff)
    assert stories_api.subject_name(story) == "Acme Learning"


def test_stories_are_about_members_of_the_program_only(eworld):
    with pytest.raises(RuleViolation) as refused:
        eworld.story(subject=eworld.users["learner"])
    assert refused.value.code == "not_a_member"
    with pytest.raises(RuleViolation):  # tenant B's member is nobody in tenant A's program (R1)
        eworld.story(subject=eworld.member_b)


@pytest.mark.parametrize("who", ["learner", "member", "panelist", "other_staff"])
def test_only_the_programs_staff_write_stories(eworld, who):
    with pytest.raises(NotPermitted):
        eworld.story(actor=eworld.users[who])
    assert not Story.objects.exists()


@pytest.mark.parametrize("field, value", [
    ("title", ""), ("body", "  "), ("links", ["javascript:alert(1)"]), ("links", ["ftp://example.com/x"]),
    ("image_url", "javascript:alert(1)"),
])
def test_bad_content_is_refused_with_the_field_to_fix(eworld, field, value):
    with pytest.raises(ValidationFailed) as refused:
        eworld.story(**{field: value})
    assert field in refused.value.errors
    assert not Story.objects.exists()


def test_an_image_needs_its_text_alternative(eworld):
    with pytest.raises(ValidationFailed) as refused:
        eworld.story(image_url="https://example.com/mary.png")
    assert refused.value.code == "image_alt_required"


def test_tenants_are_apart_a_story_of_tenant_a_is_not_found_on_tenant_b(eworld):
    story = eworld.story(publish=True)
    other = eworld.page_client(None, host=eworld.host_b)
    assert other.get(f"/dcp/dcp/stories/{story.pk}/").status_code == 404
    assert story.title not in other.get("/dcp/dcp/stories/").content.decode()
    assert story.title not in other.get("/dcp/dcp/stories/feed.atom").content.decode()
    assert eworld.client("anonymous", host=eworld.host_b).get(
        f"/api/dcp/v1/public/programs/dcp/stories/{story.pk}/").status_code == 404
    assert eworld.client("other_staff", host=eworld.host_b).get(f"/api/dcp/v1/stories/{story.pk}/").status_code == 404


# ---- safe Markdown ---------------------------------------------------------------------------------------------

HOSTILE = (
    "Hello <script>alert('x')</script> <a href=\"javascript:alert(1)\" onclick=\"steal()\">click</a>\n\n"
    "[md link](javascript:alert(2)) <img src=x onerror=alert(3)> <iframe src=\"https://evil.example\"></iframe>\n\n"
    "<p style=\"position:fixed\" onmouseover=\"x()\">styled</p> [fine](https://openedx.org)\n\n# Heading"
)


def test_markdown_is_rendered_with_scripts_handlers_and_javascript_urls_removed():
    html = stories_api.render_markdown(HOSTILE)
    for bad in ("<script", "alert('x')", "onclick", "onerror", "onmouseover", "javascript:", "<iframe", "<img",
                "style="):
        assert bad not in html, bad
    assert '<a href="https://openedx.org" rel="nofollow noopener noreferrer">fine</a>' in html
    assert "<h2>Heading</h2>" in html  # the page's h1 is the title


def test_the_story_page_and_the_feed_carry_only_the_cleaned_body(eworld):
    story = eworld.story(publish=True, body=HOSTILE)
    page = eworld.page_client(None).get(f"/dcp/dcp/stories/{story.pk}/").content.decode()
    assert "alert('x')" not in page and "onclick" not in page and "javascript:" not in page
    assert 'href="https://openedx.org"' in page
    feed = eworld.page_client(None).get("/dcp/dcp/stories/feed.atom").content.decode()
    assert "javascript:" not in feed and "onclick" not in feed and "&lt;script" not in feed


# ---- pages and feed --------------------------------------------------------------------------------------------

def test_published_stories_appear_on_the_stories_page_and_the_members_page(eworld):
    story = eworld.story(publish=True, title="Mary keeps the forum alive")
    eworld.story(title="A draft nobody sees")
    client = eworld.page_client(None)
    listing = client.get("/dcp/dcp/stories/").content.decode()
    assert "Mary keeps the forum alive" in listing and "A draft nobody sees" not in listing
    assert 'type="application/atom+xml"' in listing
    detail = client.get(f"/dcp/dcp/stories/{story.pk}/")
    assert detail.status_code == 200
    assert "<strong>400</strong>" in detail.content.decode()
    member = client.get("/dcp/dcp/members/mary/").content.decode()
    assert "Mary keeps the forum alive" in member and f"/dcp/dcp/stories/{story.pk}/" in member
    assert "A draft nobody sees" not in member


def test_the_atom_feed_is_valid_atom(eworld):
    first = eworld.story(publish_at=days_ago(2), title="First")
    eworld.story(publish=True, title="Second")
    eworld.story(title="Draft")
    response = eworld.page_client(None).get("/dcp/dcp/stories/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has exactly one id, title and updated; each entry an id, title, updated and a link.
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    # Links on the tenant's public base URL (ADR 0017), never the request's Host.
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == public_url(eworld.site_a, "/dcp/dcp/stories/feed.atom")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Second", "First"]
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}summary").get("type") == "html"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    assert entries[1].find(f"{ATOM}link").get("href") == public_url(eworld.site_a, f"/dcp/dcp/stories/{first.pk}/")


def test_the_consent_page_is_the_members_alone(eworld):
    story = eworld.story()
    path = f"/dcp/dcp/stories/{story.pk}/consent/"
    assert eworld.page_client(None).get(path).status_code == 302  # sign in first
    for role in ("learner", "panelist", "staff", "other_staff"):
        assert eworld.page_client(role).get(path).status_code == 404, role
        assert eworld.page_client(role).post(path, {"decision": "consent"}).status_code == 404, role
    member = eworld.page_client("member")
    page = member.get(path)
    assert page.status_code == 200 and "Mary keeps the forum alive" in page.content.decode()
    assert member.post(path, {"decision": "maybe"}).status_code == 400
    assert member.post(path, {"decision": "consent"}).status_code == 303
    story.refresh_from_db()
    assert story.consent_given_by == eworld.member
    member.post(path, {"decision": "withdraw"})
    story.refresh_from_db()
    assert story.consent_given_at is None


def test_asking_for_consent_emails_the_member_a_link(eworld, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        story = stories_api.create_story(program=eworld.program, actor=eworld.staff, subject_user=eworld.member,
                                         title="T", body="B", ask_consent=True)
    assert [m.to for m in mailoutbox] == [[eworld.member.email]]
    assert f"/dcp/dcp/stories/{story.pk}/consent/" in mailoutbox[0].body


# ---- dashboard -------------------------------------------------------------------------------------------------

def _results(program, now=None):
    return {r["key"]: r for r in dashboard_api.program_dashboard(program=program, now=now)["key_results"]}


def test_kr_2_1_the_dashboard_counts_published_stories_and_checks_one_a_quarter(eworld):
    now = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
    assert _results(eworld.program, now)["stories_and_spotlights"]["value"] == 0
    assert _results(eworld.program, now)["stories_every_quarter"]["status"] == "no_data"
    # 2026-Q1 (two), Q2 none, Q3 (one), Q4 running (none yet): Q2 missed.
    for day in (datetime.datetime(2026, 1, 10), datetime.datetime(2026, 2, 1), datetime.datetime(2026, 8, 1)):
        eworld.story(publish_at=day.replace(tzinfo=datetime.timezone.utc))
    eworld.story(consent=True)  # not published: not counted
    results = _results(eworld.program, now)
    assert results["stories_and_spotlights"]["value"] == 3
    assert results["stories_and_spotlights"]["status"] == "not_met"
    quarter = results["stories_every_quarter"]
    assert quarter["detail"]["missed"] == ["2026-Q2"]
    assert quarter["value"] == round(2 / 3, 3) and quarter["status"] == "not_met"
    for day in range(7):
        eworld.story(publish_at=datetime.datetime(2026, 5, 1 + day, tzinfo=datetime.timezone.utc))
    results = _results(eworld.program, now)
    assert results["stories_and_spotlights"]["status"] == "met" and results["stories_and_spotlights"]["value"] == 10
    assert results["stories_every_quarter"]["status"] == "met"
    assert "not_tracked" not in {results[k]["status"] for k in ("stories_and_spotlights", "stories_every_quarter")}


def test_kr_2_1_another_tenants_stories_do_not_count(eworld):
    eworld.story(program=eworld.program_b, publish=True)
    assert _results(eworld.program)["stories_and_spotlights"]["value"] == 0
    assert _results(eworld.program_b)["stories_and_spotlights"]["value"] == 1


# ---- constant queries ------------------------------------------------------------------------------------------

def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def test_the_story_lists_make_the_same_queries_at_any_number_of_stories(eworld):
    organization_story = eworld.story(subject=eworld.acme, publish=True)
    assert organization_story.published_at
    eworld.story(publish=True)
    paths = ["/dcp/dcp/stories/", "/dcp/dcp/stories/feed.atom", "/dcp/dcp/members/mary/",
             "/api/dcp/v1/public/programs/dcp/stories/"]
    anonymous, staff = eworld.page_client(None), eworld.client("staff")
    [_queries(anonymous, path) for path in paths]  # warm Django's per-process Site cache (the feed reads it)
    small = [_queries(anonymous, path) for path in paths] + [_queries(staff, "/api/dcp/v1/stories/")]
    for index in range(8):
        eworld.story(publish=True, title=f"Story {index}")
        eworld.story(subject=eworld.acme, publish=True, title=f"Acme {index}")
    large = [_queries(anonymous, path) for path in paths] + [_queries(staff, "/api/dcp/v1/stories/")]
    assert large == small


# ---- retirement ------------------------------------------------------------------------------------------------

def test_retirement_removes_the_stories_about_the_person(eworld):
    eworld.story(publish=True)
    eworld.story()
    organization_story = eworld.story(subject=eworld.acme, publish=True)
    result = retire_user_data(eworld.member)
    assert result["stories"] == 2
    assert list(Story.objects.all()) == [organization_story]
    retire_user_data(eworld.acme_rep)  # they consented for the organization: the consent stays, unnamed
    organization_story.refresh_from_db()
    assert organization_story.consent_given_by is None and organization_story.published_at is not None


def test_a_story_about_someone_else_survives_another_persons_retirement(eworld):
    story = eworld.story(publish=True)
    retire_user_data(UserFactory(username="someone_else"))
    assert Story.objects.filter(pk=story.pk).exists()
