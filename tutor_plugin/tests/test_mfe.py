"""
The profile MFE gets the member badges, "Nominate <username>" and "My nominations" through tutor-mfe's
PLUGIN_SLOTS (issue 7: the MFE slot configuration is present; issue 11 item 5: they lead to the program's pages).

Beyond reading the rendered env.config.jsx, the tests run it with Node.js (``node`` on PATH is required) as the
profile MFE would, with stand-ins for React, frontend-platform and the plugin framework (tests/mfe_harness), and
render the widgets.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

from .conftest import LMS_HOST, make_root

HARNESS = Path(__file__).parent / "mfe_harness"
SLOT = "org.openedx.frontend.profile.additional_profile_fields.v1"
# One badge as GET /api/dcp/v1/public/badges/<username>/ answers it ({"username", "badges": [...]}).
BADGE = {
    "track": "engineer",
    "track_name": "Distinguished Engineer",
    "image": "https://learn.example.org/media/dcp/engineer.png",
    "credential_url": "https://learn.example.org/api/dcp/v1/public/credentials/abc/",
    "verify_url": "https://learn.example.org/dcp/verify/abc/",
}

def run_env_config(root, tmp_path, app_id="profile", pathname="/u/alice", badges=(BADGE,), signed_in="bob"):
    """
    Run the rendered env.config.jsx for ``app_id`` at ``pathname`` with ``signed_in`` the authenticated user's
    username (None: nobody); return slots, requests and errors.
    """
    modules = tmp_path / "node_modules"
    for source, target in [
        ("react.js", "react/index.js"),
        ("frontend-platform.js", "@edx/frontend-platform/index.js"),
        ("frontend-platform-auth.js", "@edx/frontend-platform/auth/index.js"),
        ("plugin-framework.js", "@openedx/frontend-plugin-framework/index.js"),
    ]:
        (modules / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(HARNESS / source, modules / target)
    # ESM resolves a package's subpath (@edx/frontend-platform/auth) only through its "exports".
    (modules / "@edx/frontend-platform/package.json").write_text(
        json.dumps({"name": "@edx/frontend-platform", "exports": {".": "./index.js", "./auth": "./auth/index.js"}}),
        encoding="utf-8",
    )
    shutil.copy(HARNESS / "run.mjs", tmp_path / "run.mjs")
    config = tmp_path / "env.config.mjs"
    config.write_text(root.read("plugins", "mfe", "build", "mfe", "env.config.jsx"), encoding="utf-8")
    result = subprocess.run(
        ["node", "run.mjs", str(config), pathname],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
        env={
            "PATH": os.environ["PATH"], "APP_ID": app_id,
            "DCP_TEST_LMS_BASE_URL": f"http://{LMS_HOST}",
            "DCP_TEST_BADGES": json.dumps({"username": "alice", "badges": list(badges)}),
            "DCP_TEST_USERNAME": signed_in or "",
        },
    )
    return json.loads(result.stdout)


def widget(output, widget_id):
    [found] = [w for w in output["slots"][SLOT] if w["id"] == widget_id]
    return found


def test_profile_slot_configuration_is_rendered(default_root):
    env_config = default_root.read("plugins", "mfe", "build", "mfe", "env.config.jsx")
    profile_block = env_config[env_config.index("if (process.env.APP_ID == 'profile')"):]
    profile_block = profile_block[:profile_block.index("\n    }\n")]
    assert f"addPlugins(config, '{SLOT}'" in profile_block
    assert "id: 'dcp_member_badges'" in profile_block and "RenderWidget: DcpMemberBadges" in profile_block
    assert "id: 'dcp_nominate_link'" in profile_block and "RenderWidget: DcpNominateLink" in profile_block
    assert "/api/dcp/v1/public/badges/" in profile_block
    # Only the profile MFE gets the widgets.
    assert env_config.count("dcp_member_badges") == 1


def test_badges_widget_shows_the_members_badges_linking_to_their_public_page(default_root, tmp_path):
    output = run_env_config(default_root, tmp_path)
    assert output["errors"] == []
    assert output["requests"] == [f"http://{LMS_HOST}/api/dcp/v1/public/badges/alice/"]
    badges = widget(output, "dcp_member_badges")
    assert (badges["op"], badges["type"]) == ("insert", "DIRECT_PLUGIN")
    assert badges["before"] is None  # nothing shows while the badges load
    [link] = badges["after"]["children"]
    # The member's public page on the program's pages (dcp:member), not the API.
    assert link["type"] == "a" and link["props"]["href"] == f"http://{LMS_HOST}/dcp/dcp/members/alice/"
    image, name = link["children"]
    assert image["type"] == "img" and image["props"]["src"] == BADGE["image"]
    # The track's name is the link's text; the image beside it is decorative.
    assert image["props"]["alt"] == "" and name == "Distinguished Engineer"


def test_a_badge_without_an_image_shows_the_tracks_achievement_image(default_root, tmp_path):
    output = run_env_config(default_root, tmp_path, badges=({**BADGE, "image": None, "track": "engineer"},))
    [link] = widget(output, "dcp_member_badges")["after"]["children"]
    image, name = link["children"]
    assert image["props"]["src"] == (
        f"http://{LMS_HOST}/api/dcp/v1/public/programs/dcp/achievements/engineer/image.svg")
    assert name == "Distinguished Engineer"


def test_badges_widget_shows_nothing_for_a_non_member(default_root, tmp_path):
    output = run_env_config(default_root, tmp_path, badges=())
    assert output["errors"] == []
    assert widget(output, "dcp_member_badges")["after"] is None


def test_badges_widget_asks_for_the_username_of_the_profile_shown(default_root, tmp_path):
    output = run_env_config(default_root, tmp_path, pathname="/profile/u/J%C3%BCrgen%2Fx")
    assert output["requests"] == [f"http://{LMS_HOST}/api/dcp/v1/public/badges/J%C3%BCrgen%2Fx/"]


def test_another_persons_profile_offers_to_nominate_them_on_the_nomination_page(default_root, tmp_path):
    output = run_env_config(default_root, tmp_path, pathname="/u/alice", signed_in="bob")
    assert output["errors"] == []
    link = widget(output, "dcp_nominate_link")["after"]
    assert link["type"] == "a" and link["props"]["data-testid"] == "dcp-nominate-link"
    # The nomination page of the program's pages, with the nominee filled in (?nominee=).
    assert link["props"]["href"] == f"http://{LMS_HOST}/dcp/dcp/nominate/?nominee=alice"
    assert link["children"] == ["Nominate alice"]


def test_the_nominee_in_the_link_is_quoted(default_root, tmp_path):
    link = widget(run_env_config(default_root, tmp_path, pathname="/u/J%C3%BCrgen%26co"), "dcp_nominate_link")
    assert link["after"]["props"]["href"] == f"http://{LMS_HOST}/dcp/dcp/nominate/?nominee=J%C3%BCrgen%26co"
    assert link["after"]["children"] == ["Nominate Jürgen&co"]


def test_ones_own_profile_links_to_my_nominations(default_root, tmp_path):
    output = run_env_config(default_root, tmp_path, pathname="/u/alice", signed_in="alice")
    link = widget(output, "dcp_nominate_link")["after"]
    assert link["props"]["href"] == f"http://{LMS_HOST}/dcp/dcp/my-nominations/"
    assert link["props"]["data-testid"] == "dcp-my-nominations-link"
    assert link["children"] == ["My nominations"]


def test_signed_out_visitors_are_offered_to_nominate(default_root, tmp_path):
    """The nomination page then sends them to the LMS sign-in."""
    link = widget(run_env_config(default_root, tmp_path, signed_in=None), "dcp_nominate_link")["after"]
    assert link["children"] == ["Nominate alice"]


def test_other_mfes_get_no_dcp_widgets(default_root, tmp_path):
    output = run_env_config(default_root, tmp_path, app_id="learning", pathname="/course/x")
    assert output["errors"] == []
    assert SLOT not in output["slots"]
    assert output["requests"] == []


def test_overridden_urls_and_disabled_widgets(custom_root, tmp_path):
    env_config = custom_root.read("plugins", "mfe", "build", "mfe", "env.config.jsx")
    assert '"https://community.example.org/nominate?source=profile"' in env_config
    # The program's pages follow DCP_PROGRAM_SLUG and ENABLE_HTTPS.
    assert f'"https://{LMS_HOST}/dcp/odc/"' in env_config
    output = run_env_config(custom_root, tmp_path)
    assert output["errors"] == []
    assert widget(output, "dcp_nominate_link")["after"] is None
    assert widget(output, "dcp_member_badges")["after"] is None
    assert output["requests"] == []


def test_an_overridden_nomination_url_gets_the_nominee_added(tmp_path_factory, tmp_path):
    root = make_root(tmp_path_factory.mktemp("nominate"), "DCP_PROGRAM_SLUG=odc",
                     "DCP_NOMINATION_URL=https://community.example.org/nominate?source=profile")
    output = run_env_config(root, tmp_path)
    assert widget(output, "dcp_nominate_link")["after"]["props"]["href"] == (
        "https://community.example.org/nominate?source=profile&nominee=alice")
    [badge] = widget(output, "dcp_member_badges")["after"]["children"]
    assert badge["props"]["href"] == f"http://{LMS_HOST}/dcp/odc/members/alice/"
