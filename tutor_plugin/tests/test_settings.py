"""
The LMS and CMS settings Tutor renders carry the plugin's configuration (issue 7: settings carry the values).

The plugin's blocks of the rendered settings files are executed, so a test sees what Django would see.
"""

import types

import pytest
import yaml
from celery import Celery
from celery.schedules import crontab
from Crypto.PublicKey import RSA

from .conftest import LMS_HOST, make_root

SETTINGS = {
    "lms": ("apps", "openedx", "settings", "lms", "production.py"),
    "lms-dev": ("apps", "openedx", "settings", "lms", "development.py"),
    "cms": ("apps", "openedx", "settings", "cms", "production.py"),
    "cms-dev": ("apps", "openedx", "settings", "cms", "development.py"),
}


def dcp_blocks(text):
    """The plugin's blocks of a settings file: from each '# openedx-dcp (tutor-dcp)' line to the next blank line."""
    blocks, current = [], None
    for line in text.splitlines():
        if line.startswith("# openedx-dcp (tutor-dcp)"):
            current = [line]
            blocks.append(current)
        elif current is not None and (not line.strip() or line.startswith("########")):
            current = None
        elif current is not None:
            current.append(line)
    return ["\n".join(block) for block in blocks]


def settings_of(root, variant):
    """The names the plugin's blocks define in a rendered settings file, as Django would load them."""
    namespace = {}
    for block in dcp_blocks(root.read(*SETTINGS[variant])):
        exec(compile(block, variant, "exec"), namespace)  # noqa: S102  (our own rendered template)
    return {name: value for name, value in namespace.items() if name.isupper()}


@pytest.mark.parametrize("variant", ["lms", "cms", "lms-dev", "cms-dev"])
def test_settings_carry_the_program_configuration(default_root, variant):
    settings = settings_of(default_root, variant)
    assert settings["DCP_PROGRAM_ENABLED"] is True
    assert settings["DCP_DEFAULT_PROGRAM_NAME"] == "Distinguished Contributor Program"
    assert settings["DCP_DEFAULT_PROGRAM_SLUG"] == "dcp"
    assert settings["DCP_FROM_EMAIL"] == f"contact@{LMS_HOST}"
    # The public base URL is the LMS's LMS_ROOT_URL unless the operator sets one (ADR 0017).
    assert "DCP_PUBLIC_BASE_URL" not in settings
    assert "DCP_PUBLIC_SCHEME" not in settings


def test_credential_key_is_an_rsa_key_for_the_lms_site_program(default_root):
    keys = settings_of(default_root, "lms")["DCP_CREDENTIAL_KEYS"]
    assert list(keys) == [f"{LMS_HOST}/dcp"]
    [key] = keys[f"{LMS_HOST}/dcp"]
    assert key["alg"] == "RS256"
    assert key["kid"] == default_root.value("DCP_CREDENTIAL_KEY_ID")
    assert key["kid"].startswith("dcp-")
    private_key = RSA.import_key(key["private_key_pem"])
    assert private_key.has_private() and private_key.size_in_bits() == 2048
    # The LMS's own development settings carry it too (`tutor dev`).
    assert settings_of(default_root, "lms-dev")["DCP_CREDENTIAL_KEYS"] == keys


def test_the_lms_renders_the_pages_in_its_own_chrome(default_root, custom_root):
    """The pages (/dcp/) extend the LMS's Django base template; the CMS serves no pages."""
    assert settings_of(default_root, "lms")["DCP_BASE_TEMPLATE"] == "main_django.html"
    assert settings_of(default_root, "lms-dev")["DCP_BASE_TEMPLATE"] == "main_django.html"
    assert "DCP_BASE_TEMPLATE" not in settings_of(default_root, "cms")
    assert settings_of(custom_root, "lms")["DCP_BASE_TEMPLATE"] == "themes/our-theme/main_django.html"


@pytest.mark.parametrize("variant", ["cms", "cms-dev"])
def test_private_key_is_not_written_into_the_cms_settings(default_root, variant):
    """The CMS signs nothing: its settings (and the files rendered for it) never hold the private key."""
    assert "DCP_CREDENTIAL_KEYS" not in settings_of(default_root, variant)
    pem_body = default_root.value("DCP_CREDENTIAL_PRIVATE_KEY").splitlines()[1]
    assert pem_body not in default_root.read(*SETTINGS[variant])
    assert pem_body in default_root.read(*SETTINGS[variant.replace("cms", "lms")])


def test_credential_key_is_generated_once_and_kept(default_root):
    config = yaml.safe_load((default_root.path / "config.yml").read_text(encoding="utf-8"))
    before = settings_of(default_root, "lms")["DCP_CREDENTIAL_KEYS"]
    assert config["DCP_CREDENTIAL_PRIVATE_KEY"] == before[f"{LMS_HOST}/dcp"][0]["private_key_pem"]
    default_root.run("config", "save")
    assert settings_of(default_root, "lms")["DCP_CREDENTIAL_KEYS"] == before


def test_each_installation_gets_its_own_credential_key(default_root, custom_root):
    assert default_root.value("DCP_CREDENTIAL_PRIVATE_KEY") != custom_root.value("DCP_CREDENTIAL_PRIVATE_KEY")
    assert default_root.value("DCP_CREDENTIAL_KEY_ID") != custom_root.value("DCP_CREDENTIAL_KEY_ID")


def test_set_overrides_are_rendered(custom_root):
    settings = settings_of(custom_root, "lms")
    assert settings["DCP_DEFAULT_PROGRAM_NAME"] == "O'Reilly's \"Distinguished\" Contributors"
    assert settings["DCP_DEFAULT_PROGRAM_SLUG"] == "odc"
    assert settings["DCP_FROM_EMAIL"] == "dcp@learn.example.org"
    assert list(settings["DCP_CREDENTIAL_KEYS"]) == [f"{LMS_HOST}/odc"]
    assert settings["CELERYBEAT_SCHEDULE"]["dcp-membership-sweep"]["schedule"] == crontab(hour=5, minute=7)


def test_a_public_base_url_reaches_production_and_not_tutor_dev(tmp_path):
    """An operator behind a proxy sets DCP_PUBLIC_BASE_URL; `tutor dev` keeps the dev LMS's own address."""
    root = make_root(tmp_path, "ENABLE_HTTPS=true", "DCP_PUBLIC_BASE_URL=https://learn.example.org:8443")
    assert settings_of(root, "lms")["DCP_PUBLIC_BASE_URL"] == "https://learn.example.org:8443"
    assert settings_of(root, "cms")["DCP_PUBLIC_BASE_URL"] == "https://learn.example.org:8443"
    assert settings_of(root, "lms-dev")["DCP_PUBLIC_BASE_URL"] is None
    assert settings_of(root, "cms-dev")["DCP_PUBLIC_BASE_URL"] is None


def test_program_can_be_switched_off_and_swept_on_a_cron_expression(tmp_path):
    root = make_root(tmp_path, "DCP_PROGRAM_ENABLED=false", 'DCP_SWEEP_HOUR="*/6"', "DCP_SWEEP_MINUTE=0")
    assert settings_of(root, "lms")["DCP_PROGRAM_ENABLED"] is False
    assert settings_of(root, "cms")["DCP_PROGRAM_ENABLED"] is False
    sweep = settings_of(root, "lms")["CELERYBEAT_SCHEDULE"]["dcp-membership-sweep"]
    assert sweep["schedule"] == crontab(hour="*/6", minute=0)


def test_lms_schedules_the_daily_membership_sweep(default_root):
    schedule = settings_of(default_root, "lms")["CELERYBEAT_SCHEDULE"]
    assert schedule["dcp-membership-sweep"] == {
        "task": "openedx_dcp.membership.tasks.sweep_memberships",
        "schedule": crontab(hour=2, minute=30),
    }


def test_sweep_entry_keeps_the_platforms_other_periodic_tasks(default_root):
    namespace = {"CELERYBEAT_SCHEDULE": {"other-plugin-task": {"task": "other.task", "schedule": 60}}}
    for block in dcp_blocks(default_root.read(*SETTINGS["lms"])):
        exec(compile(block, "lms", "exec"), namespace)  # noqa: S102
    assert set(namespace["CELERYBEAT_SCHEDULE"]) == {"other-plugin-task", "dcp-membership-sweep"}
    # Both spellings Celery may read (old-style without a namespace, new-style with namespace="CELERY").
    assert namespace["CELERY_BEAT_SCHEDULE"] is namespace["CELERYBEAT_SCHEDULE"]


def lms_celery_app(settings):
    """A Celery app configured as edx-platform's (openedx.core.lib.celery): old-style names, no namespace."""
    platform = {"BROKER_URL": "memory://", "CELERY_DEFAULT_QUEUE": "edx.lms.core.default", "CELERY_ALWAYS_EAGER": False}
    app = Celery("proj")
    app.config_from_object(types.SimpleNamespace(**platform, **settings))
    return app


def test_lms_celery_beat_reads_the_sweep_entry(default_root):
    app = lms_celery_app(settings_of(default_root, "lms"))
    entry = app.conf.beat_schedule["dcp-membership-sweep"]
    assert entry["task"] == "openedx_dcp.membership.tasks.sweep_memberships"
    assert entry["schedule"] == crontab(hour=2, minute=30)
    # Without the old-style name, a platform Celery app would see no schedule at all.
    assert lms_celery_app({"CELERY_BEAT_SCHEDULE": dict(app.conf.beat_schedule)}).conf.beat_schedule == {}


def test_cms_gets_no_beat_schedule(default_root):
    assert "CELERYBEAT_SCHEDULE" not in settings_of(default_root, "cms")


def test_one_celery_beat_runs_for_the_lms(default_root):
    services = yaml.safe_load(default_root.read("local", "docker-compose.prod.yml"))["services"]
    beat = services["dcp-beat"]
    assert beat["command"][:3] == ["celery", "--app=lms.celery", "beat"]
    assert beat["environment"]["DJANGO_SETTINGS_MODULE"] == "lms.envs.tutor.production"
    assert beat["image"] == default_root.value("DOCKER_IMAGE_OPENEDX")
    # The workers stay as Tutor runs them: a beat embedded in a scaled worker would send each task N times.
    assert "--beat" not in services["lms-worker"]["command"] and "-B" not in services["lms-worker"]["command"]

    deployments = [doc for doc in yaml.safe_load_all(default_root.read("k8s", "deployments.yml")) if doc]
    [k8s_beat] = [doc for doc in deployments if doc["metadata"]["name"] == "dcp-beat"]
    assert k8s_beat["spec"]["replicas"] == 1
    assert k8s_beat["spec"]["strategy"] == {"type": "Recreate"}
    assert k8s_beat["spec"]["template"]["spec"]["containers"][0]["args"][:3] == ["celery", "--app=lms.celery", "beat"]


def test_operators_who_run_beat_already_can_turn_ours_off(custom_root):
    services = yaml.safe_load(custom_root.read("local", "docker-compose.prod.yml"))["services"]
    assert "dcp-beat" not in services
    deployments = [doc for doc in yaml.safe_load_all(custom_root.read("k8s", "deployments.yml")) if doc]
    assert "dcp-beat" not in {doc["metadata"]["name"] for doc in deployments}


def test_disabling_the_plugin_removes_its_settings(tmp_path):
    root = make_root(tmp_path)
    root.run("plugins", "disable", "dcp")
    assert settings_of(root, "lms") == {}
    assert "openedx-dcp" not in root.read("build", "openedx", "Dockerfile")
