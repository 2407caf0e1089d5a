"""
Fixtures that run the real ``tutor`` command (the one installed next to the running Python) in temporary
TUTOR_ROOTs and read what it renders. Docker is never called: where a test needs a ``tutor local`` command, a fake
``docker`` on PATH records each call as one JSON line and answers ``[]`` to ``--format json`` queries.
"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

TUTOR = Path(sys.executable).parent / "tutor"
LMS_HOST = "learn.example.org"

FAKE_DOCKER = """#!{python}
import json, os, sys
with open(os.environ["FAKE_DOCKER_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
if "json" in sys.argv:
    print("[]")
"""


class TutorRoot:
    """A TUTOR_ROOT and the ``tutor`` command bound to it."""

    def __init__(self, path):
        self.path = Path(path)
        self.env_dir = self.path / "env"
        self.fake_bin = self.path / "fake-bin"
        self.docker_log = self.path / "docker-calls.jsonl"

    def environ(self, fake_docker=False):
        env = dict(os.environ, TUTOR_ROOT=str(self.path), TUTOR_PLUGINS_ROOT=str(self.path / "plugins"))
        if fake_docker:
            self.fake_bin.mkdir(exist_ok=True)
            docker = self.fake_bin / "docker"
            docker.write_text(FAKE_DOCKER.format(python=sys.executable), encoding="utf-8")
            docker.chmod(docker.stat().st_mode | stat.S_IXUSR)
            env["PATH"] = f"{self.fake_bin}{os.pathsep}{env['PATH']}"
            env["FAKE_DOCKER_LOG"] = str(self.docker_log)
        return env

    def run(self, *args, fake_docker=False):
        """Run ``tutor *args``; fail the test with tutor's output when it fails."""
        result = subprocess.run(
            [str(TUTOR), *args], env=self.environ(fake_docker), capture_output=True, text=True, timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def run_refused(self, *args):
        """Run ``tutor *args``, which must fail; return what it printed (stdout and stderr)."""
        result = subprocess.run(
            [str(TUTOR), *args], env=self.environ(), capture_output=True, text=True, timeout=300, check=False,
        )
        assert result.returncode != 0, f"tutor {' '.join(args)} succeeded:\n{result.stdout}\n{result.stderr}"
        return result.stdout + result.stderr

    def docker_calls(self):
        """The argument lists the fake docker received, in order."""
        if not self.docker_log.exists():
            return []
        return [json.loads(line) for line in self.docker_log.read_text(encoding="utf-8").splitlines()]

    def read(self, *parts):
        return self.env_dir.joinpath(*parts).read_text(encoding="utf-8")

    def value(self, name):
        return self.run("config", "printvalue", name).strip()


# A source the image can install from: `tutor config save` refuses a configuration without one (test_image.py).
BUILDABLE = "DCP_VERSION=0.1.0"


def make_root(path, *settings, plugins=("dcp", "mfe")):
    """
    Save a config with ``settings`` (``KEY=VALUE``), enable ``plugins`` and save again, like an operator. Without a
    DCP_SOURCE, DCP_VERSION or DCP_PIP_SPEC among ``settings``, DCP_VERSION=0.1.0 is set.
    """
    root = TutorRoot(path)
    if not any(setting.startswith(("DCP_SOURCE=", "DCP_VERSION=", "DCP_PIP_SPEC=")) for setting in settings):
        settings = (*settings, BUILDABLE)
    sets = [arg for setting in (f"LMS_HOST={LMS_HOST}", *settings) for arg in ("--set", setting)]
    root.run("config", "save", *sets)
    if plugins:
        root.run("plugins", "enable", *plugins)
    root.run("config", "save")
    return root


@pytest.fixture(scope="session")
def default_root(tmp_path_factory):
    """Tutor with dcp and mfe enabled and every DCP_ value at its default, but DCP_VERSION (0.1.0)."""
    return make_root(tmp_path_factory.mktemp("default"))


@pytest.fixture(scope="session")
def custom_root(tmp_path_factory):
    """Tutor with dcp and mfe enabled and DCP_ values overridden with ``--set``."""
    return make_root(
        tmp_path_factory.mktemp("custom"),
        "ENABLE_HTTPS=true",
        "DCP_VERSION=1.2.3",
        "DCP_PROGRAM_NAME=O'Reilly's \"Distinguished\" Contributors",
        "DCP_PROGRAM_SLUG=odc",
        "DCP_ORGANIZATION_NAME=Open edX Community",
        "DCP_FROM_EMAIL=dcp@learn.example.org",
        "DCP_SWEEP_HOUR=5",
        "DCP_SWEEP_MINUTE=7",
        "DCP_RUN_CELERY_BEAT=false",
        "DCP_ENABLE_PROFILE_WIDGETS=false",
        "DCP_NOMINATION_URL=https://community.example.org/nominate?source=profile",
        "DCP_BASE_TEMPLATE=themes/our-theme/main_django.html",
    )
