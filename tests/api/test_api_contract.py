"""
The API as a client meets it (issue 16): people by username, one error shape with a code, one filter layer
that answers 400 for a bad id or filter on every endpoint, bounded text, and the endpoints staff need.
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs.models import Cycle

API = "/api/dcp/v1"
HUGE = str(2**70)


@pytest.mark.parametrize("url, param", [
    ("nominations/", "cycle"), ("nominations/", "program"), ("review/nominations/", "cycle"),
    ("tracks/", "program"), ("cycles/", "program"), ("endorsements/", "nomination"),
])
@pytest.mark.parametrize("value", ["1.5", "²", HUGE, "-1", "0", "1e3", "0x10"])
def test_a_bad_id_filter_is_400_with_the_parameter_named(world, url, param, value):
    response = world.client("staff").get(f"{API}/{url}", {param: value})
    assert response.status_code == 400, (value, response.content)
    assert param in response.json() and response.json()["code"] == "invalid"


def test_a_fractional_cycle_does_not_filter_another_cycle(world):
    response = world.client("staff").get(f"{API}/nominations/", {"cycle": f"{world.cycle.pk}.5"})
    assert response.status_code == 400
    good = world.client("staff").get(f"{API}/nominations/", {"cycle": world.cycle.pk})
    assert good.status_code == 200 and good.json()["count"] == 1


@pytest.mark.parametrize("path", ["nominations", "tracks", "cycles", "programs", "endorsements",
                                  "review/nominations"])
def test_a_huge_id_in_the_path_is_404(world, path):
    response = world.client("staff").get(f"{API}/{path}/{HUGE}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize("cycle", [0.5, True, "1.5", HUGE, "²", [1]])
def test_a_body_id_is_read_strictly(world, cycle):
    body = {"cycle": (world.cycle.pk + cycle) if cycle == 0.5 else cycle, "track": world.track.pk,
            "kind": "self", "summary": "x", "impact_statement": "y"}
    response = world.client("learner").post(f"{API}/nominations/", body, format="json")
    assert response.status_code == 400, response.content
    assert "cycle" in response.json() and response.json()["code"] == "invalid"
    assert not Nomination.objects.filter(nominator=world.users["learner"]).exists()


def test_text_over_its_limit_is_400(world):
    body = {"cycle": world.cycle.pk, "track": world.track.pk, "kind": "self", "summary": "x" * 100_000,
            "impact_statement": "y"}
    response = world.client("learner").post(f"{API}/nominations/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "max_length"
    assert "summary" in response.json()
    schema = world.client(None).get(f"{API}/schema/?format=json").json()["components"]["schemas"]
    assert schema["Nomination"]["properties"]["summary"]["maxLength"] == 10000


def test_every_refusal_has_a_code(world):
    assert world.client(None).get(f"{API}/nominations/").json()["code"] == "not_authenticated"
    nomination = world.nomination
    refused = world.client("learner").patch(f"{API}/nominations/{nomination.pk}/", {"summary": "z"},
                                            format="json")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    peer = world.client("learner").post(f"{API}/nominations/", {
        "cycle": world.cycle.pk, "track": world.track.pk, "kind": "peer", "summary": "x", "impact_statement": "y",
    }, format="json")
    assert peer.status_code == 400 and "nominee_username" in peer.json() and peer.json()["code"] == "required"


def test_staff_edit_description_url_and_image_only(world):
    client = world.client("staff")
    url = f"{API}/programs/{world.program.pk}/"
    response = client.patch(url, {"name": "Renamed", "is_active": False, "description": "New words."},
                            format="json")
    assert response.status_code == 200
    world.program.refresh_from_db()
    assert (world.program.name, world.program.is_active, world.program.description) == (
        "Distinguished Contributor Program", True, "New words.")
    assert client.put(url, {"name": "x", "is_active": False}, format="json").status_code == 405


def test_rules_change_answers_201_as_documented(world):
    schema = world.client(None).get(f"{API}/schema/?format=json").json()
    post = schema["paths"]["/api/dcp/v1/programs/{id}/rules/"]["post"]
    assert "201" in post["responses"]


def _cycle_url(world):
    return f"{API}/cycles/{world.cycle.pk}/"


def test_staff_move_a_cycle_date_that_has_not_passed_and_it_is_audited(world):
    later = world.cycle.review_end + datetime.timedelta(days=3)
    response = world.client("staff").patch(_cycle_url(world), {"review_end": later.isoformat()}, format="json")
    assert response.status_code == 200, response.content
    world.cycle.refresh_from_db()
    assert world.cycle.review_end == later
    assert [r.action for r in audit.trail(world.cycle)][-1] == "dates_changed"


def test_a_date_whose_phase_started_stays(world):
    opened = world.cycle.nominations_open
    response = world.client("staff").patch(_cycle_url(world), {
        "nominations_open": (timezone.now() + datetime.timedelta(days=1)).isoformat()}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "phase_started"
    assert "nominations_open" in response.json()
    past = world.client("staff").patch(_cycle_url(world), {
        "nominations_close": (timezone.now() - datetime.timedelta(hours=1)).isoformat()}, format="json")
    assert past.status_code == 400 and past.json()["code"] == "date_in_past"
    world.cycle.refresh_from_db()
    assert world.cycle.nominations_open == opened


def test_dates_out_of_order_name_the_date(world):
    response = world.client("staff").patch(_cycle_url(world), {
        "review_end": (world.cycle.review_start - datetime.timedelta(days=1)).isoformat()}, format="json")
    assert response.status_code == 400 and "review_end" in response.json()
    assert response.json()["code"] == "dates_out_of_order"


@pytest.mark.parametrize("role, expected", [("learner", 403), ("nominator", 403), ("other_staff", 404)])
def test_only_the_programs_staff_move_dates(world, role, expected):
    host = {"host": "b.example.com"} if role == "other_staff" else {}
    response = world.client(role, **host).patch(_cycle_url(world), {"name": "x"}, format="json")
    assert response.status_code == expected
    assert Cycle.objects.get(pk=world.cycle.pk).name == world.cycle.name


@pytest.mark.parametrize("field", ["rubric", "renewal_criteria", "qualifying_signal_kinds"])
@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_json_field_sent_as_form_null_is_400(world, field, method):
    """``rubric=null`` in a form body is the JSON null, refused like ``{"rubric": null}`` (it was a 500)."""
    track = world.track
    body = {"program": world.program.pk, "slug": track.slug, "name": track.name, "reason": "Fix.", field: "null"}
    response = getattr(world.client("staff"), method)(f"{API}/tracks/{track.pk}/", body, format="multipart")
    assert response.status_code == 400, response.content
    assert field in response.json() and response.json()["code"] == "null"
    as_json = world.client("staff").patch(f"{API}/tracks/{track.pk}/", {field: None, "reason": "Fix."},
                                          format="json")
    assert as_json.status_code == 400 and as_json.json()["code"] == "null"
