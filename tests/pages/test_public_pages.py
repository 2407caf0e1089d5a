"""
The program's public pages (issue 18 item 6): the directory, a member's badge page, the downloads, the
verification page and the dashboard. Anonymous, per tenant: another tenant's member, a revoked membership and a
retired account read as not found; bad input gets a sentence saying what to fix; each page makes the same number
of queries at any data size.
"""

import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations.models import Endorsement
from openedx_dcp.pages.views import public
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review.models import Panelist
from tests.credentials.factories import configure_keys, renew, start_member
from tests.factories import (
    OrganizationFactory,
    SiteFactory,
    UserFactory,
    affiliate,
    make_cycle,
    make_program,
    make_staff,
    nominate,
)


@pytest.fixture
def keyed(program, settings):
    program.organization_name = "Open edX Community"
    program.save()
    configure_keys(settings, program, {"kid": "k1"})
    return program


@pytest.fixture
def client(program):
    return Client(HTTP_HOST=program.site.domain)


def announce(cycle, when):
    """Move ``cycle``'s phases so that it was announced at ``when`` (after its members were nominated)."""
    day = datetime.timedelta(days=1)
    Cycle.objects.filter(pk=cycle.pk).update(
        nominations_open=when - 80 * day, nominations_close=when - 50 * day, review_start=when - 45 * day,
        review_end=when - 35 * day, announcement_at=when, stage=Cycle.ANNOUNCED,
    )
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def members(keyed, cycle, program):
    """Ada (engineer, organization Acme), Grace (advocate, alumni), a revoked one, a retired one; announced."""
    acme = OrganizationFactory(site=program.site, slug="acme", name="Acme Learning")
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    affiliate(ada, acme)
    grace = UserFactory(username="grace", first_name="Grace", last_name="Hopper")
    engineer = program.tracks.get(slug="engineer")
    advocate = program.tracks.get(slug="advocate")
    rows = {
        "ada": start_member(cycle, engineer, nominee=ada),
        "grace": start_member(cycle, advocate, nominee=grace),
        "revoked": start_member(cycle, engineer, nominee=UserFactory(username="revoked_one")),
        "retired": start_member(cycle, engineer, nominee=UserFactory(username="retired_one")),
    }
    rows["grace"].state = MembershipState.LAPSED
    rows["grace"].save()
    membership_api.revoke_membership(membership=rows["revoked"])
    Membership.objects.filter(pk=rows["retired"].pk).update(retired_at=timezone.now())
    announce(cycle, timezone.now() - datetime.timedelta(days=40))
    rows["acme"] = acme
    return rows


def usernames(response):
    return [entry["username"] for entry in response.context["entries"]]


# ---- the directory -------------------------------------------------------------------------------------------

def test_the_directory_lists_members_and_alumni_only(client, program, members):
    response = client.get(f"/dcp/{program.slug}/members/")
    assert response.status_code == 200
    assert sorted(usernames(response)) == ["ada", "grace"]
    body = response.content.decode()
    assert "Ada Lovelace" in body and "Acme Learning" in body and "Alumni" in body
    assert "revoked_one" not in body and "retired_one" not in body
    assert f'href="/dcp/{program.slug}/members/ada/"' in body


@pytest.mark.parametrize("query, expected", [
    ("q=lovelace", ["ada"]),
    ("q=Grace+Hopper", ["grace"]),
    ("q=acme", ["ada"]),
    ("q=nobody", []),
    ("track=advocate", ["grace"]),
    ("organization=acme", ["ada"]),
    ("status=alumni", ["grace"]),
    ("status=members", ["ada"]),
])
def test_the_directory_searches_and_filters(client, program, members, query, expected):
    response = client.get(f"/dcp/{program.slug}/members/?{query}")
    assert response.status_code == 200
    assert sorted(usernames(response)) == expected


def test_the_directory_filters_by_cohort_year(client, program, members, cycle):
    year = cycle.announcement_at.year
    response = client.get(f"/dcp/{program.slug}/members/?year={year}")
    assert sorted(usernames(response)) == ["ada", "grace"]
    assert response.context["form"].fields["year"].choices[1:] == [(str(year), str(year))]
    # A year nobody was recognized in is not a choice: the form says so, with a 400.
    response = client.get(f"/dcp/{program.slug}/members/?year={year - 5}")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_directory_refuses_an_unknown_track_with_a_sentence(client, program, members):
    response = client.get(f"/dcp/{program.slug}/members/?track=astronaut")
    assert response.status_code == 400
    assert response.context["page"] is None
    assert "Select a valid choice" in response.content.decode()


def test_the_directory_pages_its_results(client, program, keyed, cycle):
    engineer = program.tracks.get(slug="engineer")
    for index in range(26):
        start_member(cycle, engineer, nominee=UserFactory(username=f"m{index:02d}"))
    first = client.get(f"/dcp/{program.slug}/members/?track=engineer")
    assert len(first.context["entries"]) == 24 and first.context["page"].paginator.count == 26
    assert 'href="?track=engineer&amp;page=2"' in first.content.decode()
    second = client.get(f"/dcp/{program.slug}/members/?track=engineer&page=2")
    assert len(second.context["entries"]) == 2


def test_another_tenants_members_are_not_in_the_directory(client, program, members, settings):
    other = make_program(site=SiteFactory(domain="other.example.org"))
    configure_keys(settings, other, {"kid": "k1", "name": "other"})
    start_member(make_cycle(other), other.tracks.get(slug="engineer"), nominee=UserFactory(username="stranger"))
    assert "stranger" not in usernames(client.get(f"/dcp/{program.slug}/members/"))
    # The other tenant's program, asked on this host: not found.
    assert Client(HTTP_HOST="other.example.org").get(f"/dcp/{program.slug}/members/").status_code == 200
    assert client.get(f"/dcp/{program.slug}/members/stranger/").status_code == 404


# ---- a member's badge page -----------------------------------------------------------------------------------

def test_a_members_badge_page(client, program, members):
    response = client.get(f"/dcp/{program.slug}/members/ada/")
    assert response.status_code == 200
    body = response.content.decode()
    credential = members["ada"].badge_credentials.get()
    badge = response.context["badges"][0]
    assert badge["status"] == "active"
    assert "Active, valid until" in body
    assert "Open edX Community" in body  # the issuer
    assert badge["achievement"]["criteria"] and badge["achievement"]["criteria"] in body
    assert str(credential.public_id) in body
    # Downloads, Verify, LinkedIn.
    assert f"/dcp/{program.slug}/credentials/{credential.public_id}/badge.json" in body
    assert f"/dcp/{program.slug}/credentials/{credential.public_id}/badge.jwt" in body
    linkedin = urlsplit(badge["linkedin_url"])
    params = parse_qs(linkedin.query)
    assert linkedin.netloc == "www.linkedin.com" and linkedin.path == "/profile/add"
    assert params["startTask"] == ["CERTIFICATION_NAME"]
    assert params["organizationName"] == ["Open edX Community"]
    assert params["issueYear"] == [str(credential.valid_from.year)]
    assert params["issueMonth"] == [str(credential.valid_from.month)]
    assert params["expirationYear"] == [str(credential.valid_until.year)]
    assert params["certId"] == [str(credential.public_id)]
    assert params["certUrl"] == [f"https://{program.site.domain}/dcp/{program.slug}/members/ada/"]
    # Open Graph: the link previews with the badge.
    assert f'<meta property="og:url" content="https://{program.site.domain}/dcp/{program.slug}/members/ada/">' in body
    assert '<meta property="og:title" content="Ada Lovelace: ' in body
    assert 'property="og:description"' in body


def test_the_badge_page_shows_the_badge_image_and_shares_it_in_open_graph(client, program, members):
    body = client.get(f"/dcp/{program.slug}/members/ada/").content.decode()
    image = f"/api/dcp/v1/public/programs/{program.slug}/achievements/engineer/image"
    # The page shows the SVG; a shared link previews with the PNG the credential names.
    assert f'src="{image}.svg"' in body
    assert f'<meta property="og:image" content="https://{program.site.domain}{image}.png">' in body
    assert client.get(f"{image}.svg")["Content-Type"] == "image/svg+xml"


def test_the_baked_images_are_offered_for_download(client, program, members):
    credential = members["ada"].badge_credentials.get()
    body = client.get(f"/dcp/{program.slug}/members/ada/").content.decode()
    for extension, magic in (("svg", b"<svg"), ("png", b"\x89PNG")):
        path = f"/api/dcp/v1/public/credentials/{credential.public_id}/badge.{extension}"
        assert f'href="{path}" download' in body
        baked = client.get(path).content
        assert magic in baked[:200]
        assert credentials_api.unbake(data=baked)


def test_the_endorsements_of_a_badge_are_listed_and_verifiable(client, program, keyed, cycle):
    nomination = nominate(cycle, program.tracks.get(slug="engineer"), UserFactory(), UserFactory(username="kay"))
    endorser = UserFactory(username="linus", first_name="Linus", last_name="Pauling")
    endorsement = Endorsement.objects.create(nomination=nomination, endorser=endorser, role="core_contributor",
                                             statement="Mentors every newcomer.")
    credentials_api.set_endorsement_consent(endorsement=endorsement, actor=endorser, consent=True)
    quiet = Endorsement.objects.create(nomination=nomination, endorser=UserFactory(username="quiet"),
                                       role="core_contributor", statement="Not published.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        membership_api.start_membership(nomination=nomination, start=timezone.now().date() - datetime.timedelta(days=3))
    response = client.get(f"/dcp/{program.slug}/members/kay/")
    listed = response.context["badges"][0]["endorsements"]
    assert [(entry["endorser"], entry["comment"]) for entry in listed] == [("Linus Pauling", "Mentors every newcomer.")]
    assert quiet.statement not in response.content.decode()
    verified = client.get(listed[0]["verify_url"])
    assert verified.status_code == 200 and verified.context["result"]["valid"]


def test_verify_on_the_badge_page_shows_each_check(client, program, members):
    credential = members["ada"].badge_credentials.get()
    response = client.get(f"/dcp/{program.slug}/members/ada/?verify={credential.public_id}")
    assert response.status_code == 200
    result = response.context["badges"][0]["verification"]
    assert result["valid"] is True
    assert [(check.key, check.outcome) for check in result["checks"]] == [
        ("key", "passed"), ("signature", "passed"), ("status", "passed"), ("validity", "passed")]
    assert "Verified: this badge is genuine, current and not revoked." in response.content.decode()


def test_an_alumnus_page_says_the_badge_was_revoked_and_verify_says_why(client, program, members):
    credential = members["grace"].badge_credentials.get()
    credentials_api.revoke_credential(credential=credential, actor=None, reason="The membership lapsed.")
    response = client.get(f"/dcp/{program.slug}/members/grace/?verify={credential.public_id}")
    assert response.status_code == 200
    badge = response.context["badges"][0]
    assert badge["status"] == "revoked" and "Revoked on" in badge["status_sentence"]
    outcomes = {check.key: check.outcome for check in badge["verification"]["checks"]}
    assert outcomes == {"key": "passed", "signature": "passed", "status": "failed", "validity": "not_checked"}
    assert "Not valid: this badge was revoked by its issuer." in response.content.decode()


def test_verify_of_a_credential_not_on_the_page_is_refused_with_a_sentence(client, program, members):
    other = members["grace"].badge_credentials.get()
    response = client.get(f"/dcp/{program.slug}/members/ada/?verify={other.public_id}")
    assert response.status_code == 400
    assert "not one of this member's badges" in response.context["refusal"]


@pytest.mark.parametrize("username", ["revoked_one", "retired_one", "nobody", "stranger"])
def test_who_the_directory_does_not_list_has_no_page(client, program, members, username, settings):
    other = make_program(site=SiteFactory(domain="other.example.org"))
    configure_keys(settings, other, {"kid": "k1", "name": "other"})
    start_member(make_cycle(other), other.tracks.get(slug="engineer"), nominee=UserFactory(username="stranger"))
    assert client.get(f"/dcp/{program.slug}/members/{username}/").status_code == 404


def test_an_organizations_badge_page(client, program, keyed, cycle):
    partner = program.tracks.get(slug="partner")
    organization = OrganizationFactory(site=program.site, slug="opencraft", name="OpenCraft")
    nomination = nominate(cycle, partner, UserFactory(), None, nominee_organization=organization)
    with TestCase.captureOnCommitCallbacks(execute=True):
        membership_api.start_membership(nomination=nomination, start=timezone.now().date() - datetime.timedelta(days=3))
    listing = client.get(f"/dcp/{program.slug}/members/?q=opencraft")
    assert [entry["name"] for entry in listing.context["entries"]] == ["OpenCraft"]
    response = client.get(f"/dcp/{program.slug}/organizations/opencraft/")
    assert response.status_code == 200
    assert response.context["member_name"] == "OpenCraft"
    assert client.get(f"/dcp/{program.slug}/organizations/nobody/").status_code == 404


# ---- downloads -----------------------------------------------------------------------------------------------

def test_the_downloads_are_the_public_credential_with_its_proof_and_its_jwt(client, program, members):
    credential = members["ada"].badge_credentials.get()
    response = client.get(f"/dcp/{program.slug}/credentials/{credential.public_id}/badge.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["id"] == credential.document["id"] and document["proof"]
    jwt = client.get(f"/dcp/{program.slug}/credentials/{credential.public_id}/badge.jwt")
    assert jwt.content.decode() == credential.jwt and jwt["Content-Type"] == "application/vc+jwt"
    assert credentials_api.verify_document(site=program.site, document=document).is_valid


def test_another_tenants_credential_cannot_be_downloaded_here(client, program, members, settings):
    other = make_program(site=SiteFactory(domain="other.example.org"))
    configure_keys(settings, other, {"kid": "k1", "name": "other"})
    membership = start_member(make_cycle(other), other.tracks.get(slug="engineer"))
    foreign = membership.badge_credentials.get()
    assert client.get(f"/dcp/{program.slug}/credentials/{foreign.public_id}/badge.json").status_code == 404
    assert client.get(f"/dcp/{program.slug}/credentials/{foreign.public_id}/badge.jwt").status_code == 404


# ---- the verification page -----------------------------------------------------------------------------------

def verify_page(client, program, **data):
    return client.post(f"/dcp/{program.slug}/verify/", data)


def test_the_verification_page_checks_a_pasted_jwt(client, program, members):
    credential = members["ada"].badge_credentials.get()
    response = verify_page(client, program, credential=credential.jwt)
    assert response.status_code == 200
    result = response.context["result"]
    assert result["valid"] and all(check.passed for check in result["checks"])


def test_the_verification_page_says_a_revoked_credential_is_revoked(client, program, members):
    credential = members["ada"].badge_credentials.get()
    credentials_api.revoke_credential(credential=credential, actor=None, reason="Decision withdrawn.")
    result = verify_page(client, program, credential=credential.jwt).context["result"]
    assert not result["valid"]
    assert {check.key: check.outcome for check in result["checks"]}["status"] == "failed"
    assert result["headline"] == "Not valid: this badge was revoked by its issuer."


def test_the_verification_page_checks_an_uploaded_json_file(client, program, members):
    credential = members["ada"].badge_credentials.get()
    document = json.dumps(credentials_api.secured_document(credential=credential)).encode()
    upload = SimpleUploadedFile("badge.json", document, content_type="application/json")
    response = verify_page(client, program, file=upload)
    assert response.status_code == 200 and response.context["result"]["valid"]


def test_a_changed_credential_fails_its_signature_check(client, program, members):
    credential = members["ada"].badge_credentials.get()
    document = credentials_api.secured_document(credential=credential)
    document["credentialSubject"]["achievement"]["name"] = "Astronaut"
    result = verify_page(client, program, credential=json.dumps(document)).context["result"]
    outcomes = {check.key: check.outcome for check in result["checks"]}
    assert outcomes["signature"] == "failed" and outcomes["status"] == "not_checked"


@pytest.mark.parametrize("data, sentence", [
    ({}, "Paste a credential (its JWT or its JSON) or choose a file to check."),
    ({"credential": "hello there"}, "This is neither a JWT nor a JSON credential."),
    ({"credential": "{not json"}, "This looks like JSON but cannot be read"),
    ({"credential": "[1, 2]"}, "This is neither a JWT nor a JSON credential."),
])
def test_bad_input_on_the_verification_page_says_what_to_fix(client, program, members, data, sentence):
    response = verify_page(client, program, **data)
    assert response.status_code == 400
    assert sentence in response.content.decode()
    assert response.context["result"] is None


@pytest.mark.parametrize("extension", ["png", "svg"])
def test_the_verification_page_reads_a_baked_badge_image(client, program, members, extension):
    credential = members["ada"].badge_credentials.get()
    baked = getattr(credentials_api, f"baked_{extension}")(credential=credential)
    upload = SimpleUploadedFile(f"badge.{extension}", baked, content_type=f"image/{extension}")
    response = verify_page(client, program, file=upload)
    assert response.status_code == 200 and response.context["result"]["valid"]


def test_a_badge_image_without_a_credential_inside_says_so(client, program, members):
    plain = credentials_api.track_badge_png(track=program.tracks.get(slug="engineer"))
    response = verify_page(client, program, file=SimpleUploadedFile("plain.png", plain, content_type="image/png"))
    assert response.status_code == 400
    assert response.context["result"] is None
    assert response.context["form"].non_field_errors()


def test_a_file_that_is_not_a_credential_is_refused_with_a_sentence(client, program, members):
    upload = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)), content_type="image/jpeg")
    response = verify_page(client, program, file=upload)
    assert response.status_code == 400
    assert "This file is not a credential" in response.content.decode()


def test_the_verification_page_verifies_a_credential_by_its_id(client, program, members):
    credential = members["ada"].badge_credentials.get()
    response = client.get(f"/dcp/{program.slug}/verify/?credential={credential.public_id}")
    assert response.status_code == 200 and response.context["result"]["valid"]


# ---- the dashboard -------------------------------------------------------------------------------------------

def test_the_dashboard_draws_each_chart_with_its_table(client, program, members):
    response = client.get(f"/dcp/{program.slug}/dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('role="img"') >= 2
    assert '<title id="cohorts-title">' in body and '<desc id="cohorts-desc">' in body
    assert "Nominations per cycle (latest cycle)" in body
    cohorts = response.context["cohorts"]
    year = members["ada"].cycle.announcement_at.year
    # The revoked membership never belonged to a cohort; the retired one did (counts stay, R18).
    assert cohorts["rows"] == [{"year": year, "counts": [2, 1], "total": 3}]
    assert cohorts["tracks"] == ["Distinguished Engineer", "Distinguished Advocate"]


def test_the_dashboard_draws_the_retention_curve_of_a_cohort_old_enough(client, program, keyed):
    cycle = make_cycle(program, slug="2024")
    start_member(cycle, program.tracks.get(slug="engineer"), start=timezone.now().date() - datetime.timedelta(days=400))
    announce(cycle, timezone.now() - datetime.timedelta(days=400))
    response = client.get(f"/dcp/{program.slug}/dashboard/")
    retention = response.context["retention"]
    assert [row["months"] for row in retention["rows"]] == [3, 6, 9, 12]
    assert all(row["due"] == 1 for row in retention["rows"])
    assert retention["target"] is not None
    assert '<title id="retention-title">' in response.content.decode()


def test_the_public_pages_are_in_the_navigation_and_linked_from_home(client, program, members):
    body = client.get(f"/dcp/{program.slug}/").content.decode()
    for path in ("members/", "verify/", "dashboard/"):
        assert f'href="/dcp/{program.slug}/{path}"' in body


# ---- queries -------------------------------------------------------------------------------------------------

def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def add_members(program, cycle, count, start):
    organization = OrganizationFactory(site=program.site)
    for index in range(start, start + count):
        user = UserFactory(username=f"q{index}", first_name="Q", last_name=f"Member {index}")
        affiliate(user, organization)
        start_member(cycle, program.tracks.get(slug="engineer" if index % 2 else "advocate"), nominee=user)


def test_the_public_pages_make_the_same_queries_at_any_size(client, program, keyed, cycle):
    add_members(program, cycle, 2, 0)
    paths = [f"/dcp/{program.slug}/members/", f"/dcp/{program.slug}/members/?q=member&status=members",
             f"/dcp/{program.slug}/dashboard/", f"/dcp/{program.slug}/members/q1/"]
    small = [queries(client, path) for path in paths]
    add_members(program, cycle, 12, 2)
    assert len(client.get(paths[0]).context["entries"]) == 14
    assert [queries(client, path) for path in paths] == small


def test_the_directory_pages_in_name_order_at_the_same_queries(client, program, keyed, cycle, monkeypatch):
    """P5: the first and a deep page cost the same queries at any size, and the pages run in name order."""
    monkeypatch.setattr(public, "PAGE_SIZE", 5)
    add_members(program, cycle, 2, 0)
    path = f"/dcp/{program.slug}/members/"
    small = queries(client, path)
    add_members(program, cycle, 12, 2)
    assert [queries(client, path), queries(client, f"{path}?page=3")] == [small, small]
    names = [entry["name"] for number in (1, 2, 3) for entry in client.get(f"{path}?page={number}").context["entries"]]
    assert len(names) == 14 and names == sorted(names, key=str.lower)


def test_a_badge_page_makes_the_same_queries_at_any_number_of_terms(client, program, keyed, cycle):
    membership = start_member(cycle, program.tracks.get(slug="engineer"), nominee=UserFactory(username="long"))
    path = f"/dcp/{program.slug}/members/long/"
    small = queries(client, path)
    renew(membership)
    renew(membership)
    assert membership.badge_credentials.count() == 3
    assert queries(client, path) == small
    assert client.get(path).context["badges"][0]["credential"].term_number == 3


# ---- who sees what -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["anonymous", "learner", "member", "panelist", "program_staff", "other_staff"])
def test_everyone_reads_the_same_public_pages_and_another_tenant_reads_not_found(program, members, role,
                                                                                  settings, people):
    other = make_program(site=SiteFactory(domain="other.example.org"))
    configure_keys(settings, other, {"kid": "k1", "name": "other"})
    users = {
        "anonymous": None,
        "learner": people["learner"],
        "member": members["ada"].user,
        "panelist": UserFactory(username="panel_one"),
        "program_staff": people["staff"],
        "other_staff": make_staff(other),
    }
    if role == "panelist":
        Panelist.objects.create(cycle=members["ada"].cycle, user=users["panelist"], seat="core_contributor")
    client = Client(HTTP_HOST=program.site.domain)
    elsewhere = Client(HTTP_HOST="other.example.org")
    if users[role] is not None:
        client.force_login(users[role])
        elsewhere.force_login(users[role])
    assert sorted(usernames(client.get(f"/dcp/{program.slug}/members/"))) == ["ada", "grace"]
    assert client.get(f"/dcp/{program.slug}/members/ada/").status_code == 200
    assert client.get(f"/dcp/{program.slug}/members/revoked_one/").status_code == 404
    assert client.get(f"/dcp/{program.slug}/dashboard/").status_code == 200
    # On the other tenant's host, this tenant's members are not there, whoever asks (R1).
    assert usernames(elsewhere.get(f"/dcp/{other.slug}/members/")) == []
    assert elsewhere.get(f"/dcp/{other.slug}/members/ada/").status_code == 404


def test_chart_coordinates_stay_numbers_in_a_language_with_a_decimal_comma(program, members):
    response = Client(HTTP_HOST=program.site.domain, HTTP_ACCEPT_LANGUAGE="fr").get(f"/dcp/{program.slug}/dashboard/")
    assert response.status_code == 200 and response["Content-Language"] == "fr"
    svg = "".join(re.findall(r"<svg.*?</svg>", response.content.decode(), flags=re.S))
    assert 'height="' in svg
    assert not re.search(r'\b(x|y|x1|x2|y1|y2|cx|cy|width|height)="[0-9.]*,', svg)
    assert not re.search(r'points="[^"]*,[0-9]+,', svg)
