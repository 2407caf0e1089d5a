"""
The permission matrix of the stories and citations endpoints and pages (issue 14): anonymous, a signed-in
learner, the member a story is about, a panelist, program staff of tenant A and program staff of tenant B, all
calling tenant A. 401/302 = sign in first, 403 = visible but not allowed, 404 = not visible to the caller (R1,
R26), 400 = a rule refuses.
"""

import pytest

from openedx_dcp.engagement.stories.models import Story
from tests.engagement.stories.conftest import ROLES


def _row(*codes):
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, codes))


def _published(w):
    return w.story(publish=True)


def _draft(w):
    return w.story()


def _consented(w):
    return w.story(consent=True)


NEW_STORY = {"title": "A new story", "body": "About Mary.", "subject_username": "mary", "links": []}

# name: (method, url(world, story), body(world) or None, story builder, expected statuses by role)
API = {
    "public-list": ("get", lambda w, s: "/api/dcp/v1/public/programs/dcp/stories/", None, _published,
                    _row(200, 200, 200, 200, 200, 200)),
    "public-detail": ("get", lambda w, s: f"/api/dcp/v1/public/programs/dcp/stories/{s.pk}/", None, _published,
                      _row(200, 200, 200, 200, 200, 200)),
    "public-detail-draft": ("get", lambda w, s: f"/api/dcp/v1/public/programs/dcp/stories/{s.pk}/", None, _draft,
                            _row(404, 404, 404, 404, 404, 404)),
    "list": ("get", lambda w, s: "/api/dcp/v1/stories/", None, _draft, _row(401, 200, 200, 200, 200, 200)),
    "create": ("post", lambda w, s: "/api/dcp/v1/stories/", lambda w: {**NEW_STORY, "program": w.program.pk}, None,
               _row(401, 403, 403, 403, 201, 403)),
    "detail": ("get", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/", None, _draft, _row(401, 404, 404, 404, 200, 404)),
    "change": ("patch", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/", lambda w: {"title": "Renamed"}, _draft,
               _row(401, 404, 404, 404, 200, 404)),
    "delete": ("delete", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/", None, _draft,
               _row(401, 404, 404, 404, 204, 404)),
    "publish": ("post", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/publish/", lambda w: {}, _consented,
                _row(401, 404, 404, 404, 200, 404)),
    "publish-without-consent": ("post", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/publish/", lambda w: {}, _draft,
                                _row(401, 404, 404, 404, 400, 404)),
    "unpublish": ("post", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/unpublish/", None, _published,
                  _row(401, 404, 404, 404, 200, 404)),
    "ask-consent": ("post", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/ask-consent/", None, _draft,
                    _row(401, 404, 404, 404, 202, 404)),
    "consent-read": ("get", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/consent/", None, _draft,
                     _row(401, 404, 200, 404, 404, 404)),
    "consent-give": ("post", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/consent/", None, _draft,
                     _row(401, 404, 200, 404, 404, 404)),
    "consent-withdraw": ("delete", lambda w, s: f"/api/dcp/v1/stories/{s.pk}/consent/", None, _published,
                         _row(401, 404, 200, 404, 404, 404)),
    "citations-list": ("get", lambda w, s: "/api/dcp/v1/citations/", None, None, _row(401, 200, 200, 200, 200, 200)),
    "citations-create": ("post", lambda w, s: "/api/dcp/v1/citations/", lambda w: {"program": "dcp"}, None,
                         _row(401, 201, 201, 201, 201, 201)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(API))
def test_api_permission_matrix(eworld, name, role):
    method, url, body, build, expected = API[name]
    story = build(eworld) if build else None
    client = eworld.client(role)
    data = body(eworld) if body else None
    response = getattr(client, method)(url(eworld, story), data, format="json")
    assert response.status_code == expected[role], (name, role, response.content[:300])
    if response.status_code == 404:
        assert response.json()["code"] == "not_found"  # exactly what an id that does not exist answers


def test_the_staff_list_shows_only_the_callers_programs_stories(eworld):
    eworld.story(title="Tenant A story")
    eworld.story(program=eworld.program_b, title="Tenant B story")
    titles = {role: [s["title"] for s in eworld.client(role).get("/api/dcp/v1/stories/").json()["results"]]
              for role in ("learner", "member", "staff", "other_staff")}
    assert titles == {"learner": [], "member": [], "staff": ["Tenant A story"], "other_staff": []}
    assert [s["title"] for s in eworld.client("other_staff", host=eworld.host_b).get(
        "/api/dcp/v1/stories/").json()["results"]] == ["Tenant B story"]


def test_a_refusal_names_the_field_and_code_and_writes_nothing(eworld):
    response = eworld.client("staff").post("/api/dcp/v1/stories/", {**NEW_STORY, "program": eworld.program.pk,
                                                                    "subject_username": "learner"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_a_member"
    assert "subject_user" in response.json()
    response = eworld.client("staff").post("/api/dcp/v1/stories/", {**NEW_STORY, "program": eworld.program_b.pk},
                                           format="json")
    assert response.status_code == 400 and "program" in response.json()  # another tenant's program: unknown
    assert not Story.objects.exists()


def test_the_public_story_carries_its_cleaned_html(eworld):
    story = eworld.story(publish=True, body="Hi <script>alert(1)</script> **bold**")
    body = eworld.client("anonymous").get(f"/api/dcp/v1/public/programs/dcp/stories/{story.pk}/").json()
    assert body["body_html"] == "<p>Hi  <strong>bold</strong></p>"
    assert body["subject"] == {"name": "Mary Maintainer", "username": "mary"}


PAGES = {
    "stories": (lambda w, s: "/dcp/dcp/stories/", _published, _row(200, 200, 200, 200, 200, 200)),
    "story": (lambda w, s: f"/dcp/dcp/stories/{s.pk}/", _published, _row(200, 200, 200, 200, 200, 200)),
    "story-draft": (lambda w, s: f"/dcp/dcp/stories/{s.pk}/", _consented, _row(404, 404, 404, 404, 404, 404)),
    "feed": (lambda w, s: "/dcp/dcp/stories/feed.atom", _published, _row(200, 200, 200, 200, 200, 200)),
    "consent": (lambda w, s: f"/dcp/dcp/stories/{s.pk}/consent/", _draft, _row(302, 404, 200, 404, 404, 404)),
    "motivated": (lambda w, s: "/dcp/dcp/stories/motivated/", None, _row(302, 200, 200, 200, 200, 200)),
    "report": (lambda w, s: "/dcp/dcp/report/", None, _row(302, 404, 404, 404, 200, 404)),
    "member-page": (lambda w, s: "/dcp/dcp/members/mary/", _published, _row(200, 200, 200, 200, 200, 200)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_permission_matrix(eworld, name, role):
    url, build, expected = PAGES[name]
    story = build(eworld) if build else None
    response = eworld.page_client(None if role == "anonymous" else role).get(url(eworld, story))
    assert response.status_code == expected[role], (name, role)
