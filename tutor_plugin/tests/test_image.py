"""
The openedx image installs openedx-dcp through the Dockerfile patch, never through the operator's
OPENEDX_EXTRA_PIP_REQUIREMENTS (issue 7: requirements carry the package).
"""

import re

from .conftest import LMS_HOST, TutorRoot, make_root


def python_requirements_stage(dockerfile):
    """The Dockerfile's stage that installs Python requirements into the openedx virtualenv."""
    start = dockerfile.index("FROM python AS python-requirements")
    return dockerfile[start:dockerfile.index("\nFROM ", start + 1)]


def dcp_install_line(dockerfile):
    stage = python_requirements_stage(dockerfile)
    [line] = re.findall(r"^\s*\$PIP_COMMAND install .*openedx-dcp.*$", stage, re.MULTILINE)
    return line.strip()


def test_image_installs_openedx_dcp(default_root):
    dockerfile = default_root.read("build", "openedx", "Dockerfile")
    assert dcp_install_line(dockerfile) == "$PIP_COMMAND install openedx-dcp==0.1.0"
    assert "COPY requirements/" not in dockerfile


def test_a_configuration_that_names_no_source_is_refused_with_a_sentence(tmp_path):
    # openedx-dcp is not on PyPI yet: the old default ("pip install openedx-dcp") would fail the image build.
    root = TutorRoot(tmp_path)
    root.run("config", "save", "--set", f"LMS_HOST={LMS_HOST}")
    output = root.run_refused("plugins", "enable", "dcp", "mfe")
    assert "tutor-dcp cannot build the openedx image: nothing says where to install openedx-dcp from" in output
    assert "DCP_SOURCE" in output
    output = root.run_refused("config", "save")
    assert "nothing says where to install openedx-dcp from" in output
    # The environment was not rendered with the plugin: no Dockerfile that would fail to build.
    assert "openedx-dcp" not in root.read("build", "openedx", "Dockerfile")
    # Naming a source fixes it.
    source = "git+https://github.com/example/openedx-dcp.git@v0.1.0"
    root.run("config", "save", "--set", f"DCP_SOURCE={source}")
    assert dcp_install_line(root.read("build", "openedx", "Dockerfile")) == f"$PIP_COMMAND install {source}"


def test_a_path_on_the_host_is_refused(tmp_path):
    root = make_root(tmp_path)
    output = root.run_refused("config", "save", "--set", "DCP_SOURCE=./dist/openedx_dcp-0.1.0-py3-none-any.whl")
    assert "the image build cannot read ./dist/openedx_dcp-0.1.0-py3-none-any.whl on this machine" in output


def test_a_version_pip_cannot_read_is_refused(tmp_path):
    root = make_root(tmp_path)
    output = root.run_refused("config", "save", "--set", "DCP_VERSION=latest")
    assert "DCP_VERSION='latest' is not a version pip can install" in output


def test_a_local_wheel_in_the_requirements_folder_is_copied_into_the_image(tmp_path):
    root = make_root(tmp_path)
    wheel = "openedx_dcp-0.1.0-py3-none-any.whl"
    requirements = root.env_dir / "build" / "openedx" / "requirements"
    assert (requirements / "README.dcp.txt").exists()  # the folder is there for the operator
    output = root.run_refused("config", "save", "--set", f"DCP_SOURCE=/openedx/requirements/{wheel}")
    assert f"names a file that is not in {tmp_path}/env/build/openedx/requirements/" in output
    (requirements / wheel).write_bytes(b"PK")  # the operator copies the wheel, then saves
    root.run("config", "save")
    stage = python_requirements_stage(root.read("build", "openedx", "Dockerfile"))
    copy = stage.index("COPY requirements/ /openedx/requirements/")
    install = stage.index(f"$PIP_COMMAND install /openedx/requirements/{wheel}")
    assert copy < install
    assert (requirements / wheel).exists()  # saving the configuration again keeps the operator's wheel


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
