"""
The openedx image installs openedx-dcp through the Dockerfile patch, never through the operator's
OPENEDX_EXTRA_PIP_REQUIREMENTS (issue 7: requirements carry the package).
"""

import re

from .conftest import make_root


def python_requirements_stage(dockerfile):
    """The Dockerfile's stage that installs Python requirements into the openedx virtualenv."""
    start = dockerfile.index("FROM python AS python-requirements")
    return dockerfile[start:dockerfile.index("\nFROM ", start + 1)]


def dcp_install_line(dockerfile):
    [line] = re.findall(r"^\s*\$PIP_COMMAND install .*openedx-dcp.*$", python_requirements_stage(dockerfile), re.MULTILINE)
    return line.strip()


def test_image_installs_openedx_dcp(default_root):
    dockerfile = default_root.read("build", "openedx", "Dockerfile")
    assert dcp_install_line(dockerfile) == "$PIP_COMMAND install openedx-dcp"


def test_operators_extra_requirements_are_left_alone(default_root):
    assert default_root.value("OPENEDX_EXTRA_PIP_REQUIREMENTS") == "[]"


def test_version_override_pins_the_package(custom_root):
    dockerfile = custom_root.read("build", "openedx", "Dockerfile")
    assert dcp_install_line(dockerfile) == "$PIP_COMMAND install openedx-dcp==1.2.3"


def test_source_override_installs_from_git(tmp_path):
    source = "git+https://github.com/example/openedx-dcp.git@main#egg=openedx-dcp"
    root = make_root(tmp_path, f"DCP_SOURCE={source}", "DCP_VERSION=9.9.9")
    # The source wins over the version, and the shell sees it as one word (it contains '#' and '@').
    assert dcp_install_line(root.read("build", "openedx", "Dockerfile")) == f"$PIP_COMMAND install '{source}'"


def test_pip_spec_can_be_set_directly(tmp_path):
    root = make_root(tmp_path, "DCP_PIP_SPEC=openedx-dcp[extras]>=0.1,<0.2")
    assert dcp_install_line(root.read("build", "openedx", "Dockerfile")) == (
        "$PIP_COMMAND install 'openedx-dcp[extras]>=0.1,<0.2'"
    )
