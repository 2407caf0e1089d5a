"""
The ``dcp`` Tutor plugin: everything an operator needs to run openedx-dcp is declared here as Tutor hooks.

Enabled, it installs openedx-dcp into the openedx image (Dockerfile patch), writes the ``DCP_*`` settings into the
LMS and CMS settings (the credential signing key into the LMS's only), schedules the membership sweep and runs one
Celery beat for it, runs an LMS init task that migrates the plugin and creates the LMS site's program, and adds the
member badges, "Nominate <username>" and "My nominations" to the profile MFE. The templates it renders live in
``patches/`` (one file per Tutor patch) and ``templates/``.
"""

from __future__ import annotations

import os
import re
import shlex
import typing as t
from importlib.resources import files

import click
from tutor import hooks, plugins
from tutor.exceptions import TutorError
from tutormfe.hooks import PLUGIN_SLOTS

from .__about__ import __version__

PACKAGE_ROOT = files("tutordcp")

# The profile MFE's slot that shows additional fields under the profile (frontend-app-profile,
# src/plugin-slots/AdditionalProfileFieldsSlot, in Ulmo and Verawood). tutor-mfe inserts slot names and widget
# configurations verbatim (they are not templates), so the widgets read their configuration from the
# mfe-env-config-runtime-definitions-profile patch instead.
PROFILE_SLOT = "org.openedx.frontend.profile.additional_profile_fields.v1"

hooks.Filters.CONFIG_DEFAULTS.add_items(
    [
        # Plugin version, for `tutor config printvalue DCP_PLUGIN_VERSION`.
        ("DCP_PLUGIN_VERSION", __version__),
        # What goes into the image: any pip-installable source of openedx-dcp (a wheel or git URL, or a wheel copied
        # into env/build/openedx/requirements/), or a version from the package index once it is published there.
        # DCP_PIP_SPEC is computed from both and can itself be overridden. Empty by default: openedx-dcp is not on
        # PyPI yet, so a bare "openedx-dcp" would fail the image build; `tutor config save` says what to set.
        ("DCP_VERSION", ""),
        ("DCP_SOURCE", ""),
        (
            "DCP_PIP_SPEC",
            "{% if DCP_SOURCE %}{{ DCP_SOURCE }}{% elif DCP_VERSION %}openedx-dcp=={{ DCP_VERSION }}{% endif %}",
        ),
        # Master switch of the program (the DCP_PROGRAM_ENABLED setting toggle).
        ("DCP_PROGRAM_ENABLED", True),
        # The program the init task creates for the LMS site (seed 000: the Distinguished Contributor Program).
        ("DCP_PROGRAM_NAME", "Distinguished Contributor Program"),
        ("DCP_PROGRAM_SLUG", "dcp"),
        # Operator running the program: the issuer's name on the program's credentials.
        ("DCP_ORGANIZATION_NAME", "{{ PLATFORM_NAME }}"),
        # Sender of the program's emails.
        ("DCP_FROM_EMAIL", "{{ CONTACT_EMAIL }}"),
        # Base URL of the public URLs in credentials, emails and the API's links (the DCP_PUBLIC_BASE_URL setting).
        # Empty: the LMS's LMS_ROOT_URL, which Tutor sets with the right scheme (http under `tutor dev`). Set it only
        # when the LMS is reached under another address (a proxy's port or path), e.g. https://learn.example.org:8443.
        ("DCP_PUBLIC_BASE_URL", ""),
        # Algorithm of the credential signing key generated at `tutor config save`.
        ("DCP_CREDENTIAL_ALG", "RS256"),
        # Daily membership sweep (renewal review, grace, lapse; R14-R16), UTC.
        ("DCP_SWEEP_HOUR", 2),
        ("DCP_SWEEP_MINUTE", 30),
        # Run one Celery beat (service `dcp-beat`) for the LMS. Turn off when beat already runs for lms.celery.
        ("DCP_RUN_CELERY_BEAT", True),
        # Profile MFE: the member badges (linking to the member's public page), "Nominate <username>" and
        # "My nominations".
        ("DCP_ENABLE_PROFILE_WIDGETS", True),
        # The program's pages in the LMS (openedx_dcp.pages, under /dcp/<program slug>/).
        (
            "DCP_PAGES_URL",
            "{% if ENABLE_HTTPS %}https{% else %}http{% endif %}://{{ LMS_HOST }}/dcp/{{ DCP_PROGRAM_SLUG }}/",
        ),
        # The nomination page; the widget adds ?nominee=<username> to fill the nominee in.
        ("DCP_NOMINATION_URL", "{{ DCP_PAGES_URL }}nominate/"),
        # The LMS's Django base template the pages extend (its header and footer); a theme's own works too if it
        # has the blocks title, headextra, bodyclass and body.
        ("DCP_BASE_TEMPLATE", "main_django.html"),
    ]
)

# Generated once, at the first `tutor config save`, and kept in config.yml like Tutor's own JWT key.
hooks.Filters.CONFIG_UNIQUE.add_items(
    [
        ("DCP_CREDENTIAL_KEY_ID", "dcp-{{ 12|random_string|lower }}"),
        ("DCP_CREDENTIAL_PRIVATE_KEY", "{{ 2048|rsa_private_key }}"),
    ]
)

# Quote a value for the init task's shell and the Dockerfile's RUN line.
hooks.Filters.ENV_TEMPLATE_FILTERS.add_item(("dcp_shell_quote", shlex.quote))

hooks.Filters.ENV_TEMPLATE_ROOTS.add_item(str(PACKAGE_ROOT / "templates"))
# Rendered to env/plugins/dcp/tasks/: the init task as it will run, for operators to read.
hooks.Filters.ENV_TEMPLATE_TARGETS.add_item(("dcp/tasks", "plugins"))
# env/build/openedx/requirements/ (with a README): where an operator puts a local wheel of openedx-dcp; the
# Dockerfile patch copies the folder into the image when DCP_PIP_SPEC points into it.
hooks.Filters.ENV_TEMPLATE_TARGETS.add_item(("requirements", "build/openedx"))

IMAGE_REQUIREMENTS = "/openedx/requirements/"
# PEP 440 public versions (what `openedx-dcp==<version>` accepts).
VERSION_RE = re.compile(r"^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
                        r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$")
HOW_TO = (
    "Set DCP_SOURCE to a wheel or git source of openedx-dcp, e.g. "
    "`tutor config save --set DCP_SOURCE=git+https://github.com/<org>/openedx-dcp.git@<tag>`, or copy a wheel into "
    "{root}/env/build/openedx/requirements/ and set DCP_SOURCE=/openedx/requirements/<wheel file> "
    "(see the tutor-dcp README)."
)


def _tutor_root() -> str | None:
    """The TUTOR_ROOT of the running `tutor` command, when there is one."""
    context = click.get_current_context(silent=True)
    root = getattr(getattr(context, "obj", None), "root", None) if context else None
    return root or os.environ.get("TUTOR_ROOT")


def build_problem(config: dict[str, t.Any], root: str | None = None) -> str | None:
    """
    Why the openedx image cannot be built with this configuration, in one sentence; None when it can. What is
    checked is what would fail in `docker build`, before the operator waits for one: nothing to install, a version
    pip cannot read, a path on this machine the build cannot see, a wheel missing from the requirements folder.
    """
    where = root or "$(tutor config printroot)"
    spec = str(config.get("DCP_PIP_SPEC") or "").strip()
    version = str(config.get("DCP_VERSION") or "").strip()
    source = str(config.get("DCP_SOURCE") or "").strip()
    if not spec:
        return ("tutor-dcp cannot build the openedx image: nothing says where to install openedx-dcp from "
                "(it is not on PyPI yet). " + HOW_TO.format(root=where))
    if version and not source and not VERSION_RE.match(version):
        return f"tutor-dcp: DCP_VERSION={version!r} is not a version pip can install (e.g. 0.1.0)."
    path = spec[len("file://"):] if spec.startswith("file://") else spec
    is_url = "://" in path
    is_local = not is_url and (path.startswith(("/", "./", "../", "~")) or path.endswith((".whl", ".tar.gz")))
    if is_local and path.startswith(IMAGE_REQUIREMENTS):
        name = path[len(IMAGE_REQUIREMENTS):]
        if root and not os.path.isfile(os.path.join(root, "env", "build", "openedx", "requirements", name)):
            return (f"tutor-dcp: DCP_SOURCE={path} names a file that is not in {root}/env/build/openedx/requirements/: "
                    "copy the wheel there (the image build copies that folder), then save again.")
    elif is_local:
        return f"tutor-dcp: the image build cannot read {path} on this machine. " + HOW_TO.format(root=where)
    return None


@hooks.Actions.CONFIG_LOADED.add()
def _refuse_a_configuration_that_cannot_build(config: dict[str, t.Any]) -> None:
    """`tutor config save` (and every command that loads the configuration) stops with the sentence."""
    problem = build_problem(config, _tutor_root())
    if problem:
        raise TutorError(problem)


def _read_template(*path: str) -> str:
    return (PACKAGE_ROOT / "templates" / "dcp").joinpath(*path).read_text(encoding="utf-8")


# The LMS init task: migrate the plugin's tables and set up the LMS site's program (idempotent).
hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", _read_template("tasks", "lms", "init.sh")))


@hooks.Filters.IMAGES_BUILD_REQUIRED.add()
def _build_openedx_on_launch(image_names: list[str], context_name: t.Literal["local", "dev"]) -> list[str]:
    """
    `tutor local launch` must build the openedx image, since the stock image lacks openedx-dcp, and the mfe image,
    since the profile widgets are compiled into it. (`tutor dev launch` already builds openedx-dev from the same
    Dockerfile.)
    """
    if context_name != "local":
        return image_names
    required = ["openedx"] + (["mfe"] if plugins.is_loaded("mfe") else [])
    return image_names + [name for name in required if name not in image_names]


# The profile MFE (a legacy MFE in Tutor 21 and 22) gets two widgets defined in the
# mfe-env-config-runtime-definitions-profile patch. They render nothing unless DCP_ENABLE_PROFILE_WIDGETS is on.
PLUGIN_SLOTS.add_items(
    [
        (
            "profile",
            PROFILE_SLOT,
            """
            {
              op: PLUGIN_OPERATIONS.Insert,
              widget: {
                id: 'dcp_member_badges',
                type: DIRECT_PLUGIN,
                priority: 40,
                RenderWidget: DcpMemberBadges,
              },
            }""",
        ),
        (
            "profile",
            PROFILE_SLOT,
            """
            {
              op: PLUGIN_OPERATIONS.Insert,
              widget: {
                id: 'dcp_nominate_link',
                type: DIRECT_PLUGIN,
                priority: 50,
                RenderWidget: DcpNominateLink,
              },
            }""",
        ),
    ]
)

# One file per Tutor patch, named after the patch.
hooks.Filters.ENV_PATCHES.add_items(
    [(patch.name, patch.read_text(encoding="utf-8")) for patch in sorted((PACKAGE_ROOT / "patches").iterdir(), key=str)]
)
