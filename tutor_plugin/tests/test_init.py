"""
The LMS init task migrates the plugin and sets up the LMS site's program (issue 7: the init task runs the
migrations), and `tutor local launch` alone builds what the plugin needs and runs it.

A fake docker records what Tutor would run; the recorded init script is then run with ``sh -e`` against a stand-in
``manage.py`` that records its arguments, so quoting is tested as the shell sees it.
"""

import json
import subprocess
import sys

from .conftest import LMS_HOST, make_root

INIT_MARKER = "# openedx-dcp: migrate the plugin's tables"


def init_scripts(calls, service="lms"):
    """The scripts Tutor ran in ``<service>-job`` containers, in order."""
    return [call[-1] for call in calls if f"{service}-job" in call and call[-3:-1] == ["-e", "-c"]]


def run_with_stub_manage_py(script, tmp_path):
    """Run an init script with ``sh -e`` where ./manage.py records each call; return the calls' arguments."""
    log = tmp_path / "manage-calls.jsonl"
    manage = tmp_path / "manage.py"
    manage.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n",
        encoding="utf-8",
    )
    manage.chmod(0o755)
    subprocess.run(["sh", "-e", "-c", script], cwd=tmp_path, check=True, timeout=30)
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_init_task_migrates_and_sets_up_the_program(default_root, tmp_path):
    default_root.run("local", "do", "init", "--limit", "dcp", fake_docker=True)
    [script] = init_scripts(default_root.docker_calls())
    assert run_with_stub_manage_py(script, tmp_path) == [
        ["lms", "migrate", "openedx_dcp"],
        [
            "lms", "dcp_setup_program",
            "--site-domain", LMS_HOST,
            "--name", "Distinguished Contributor Program",
            "--slug", "dcp",
            "--organization-name", "My Open edX",
        ],
    ]


def test_init_task_quotes_configured_names(custom_root, tmp_path):
    custom_root.run("local", "do", "init", "--limit", "dcp", fake_docker=True)
    [script] = init_scripts(custom_root.docker_calls())
    setup = run_with_stub_manage_py(script, tmp_path)[1]
    assert setup[setup.index("--name") + 1] == "O'Reilly's \"Distinguished\" Contributors"
    assert setup[setup.index("--slug") + 1] == "odc"
    assert setup[setup.index("--organization-name") + 1] == "Open edX Community"


def test_init_task_is_rendered_for_operators_to_read(default_root):
    rendered = default_root.read("plugins", "dcp", "tasks", "lms", "init.sh")
    assert "./manage.py lms migrate openedx_dcp" in rendered
    assert f"--site-domain {LMS_HOST}" in rendered


def test_launch_builds_the_images_and_initialises_after_the_platform(tmp_path):

    root = make_root(tmp_path)
    root.run("local", "launch", "--non-interactive", fake_docker=True)
    calls = root.docker_calls()
    built = [arg for call in calls if call[:2] == ["buildx", "build"] for arg in call if arg.startswith("--tag=")]
    assert f"--tag={root.value('DOCKER_IMAGE_OPENEDX')}" in built
    # The profile widgets are compiled into the MFE image.
    assert f"--tag={root.value('MFE_DOCKER_IMAGE')}" in built
    scripts = init_scripts(calls)
    platform_migrations = next(i for i, script in enumerate(scripts) if "./manage.py lms migrate\n" in script)
    ours = next(i for i, script in enumerate(scripts) if script.startswith(INIT_MARKER))
    assert platform_migrations < ours


def test_without_the_mfe_plugin_only_the_openedx_image_is_built(tmp_path):
    root = make_root(tmp_path, plugins=("dcp",))
    root.run("plugins", "disable", "mfe")  # enabled by default
    root.run("local", "launch", "--non-interactive", fake_docker=True)
    built = [call for call in root.docker_calls() if call[:2] == ["buildx", "build"]]
    assert [arg for call in built for arg in call if arg.startswith("--tag=")] == [
        f"--tag={root.value('DOCKER_IMAGE_OPENEDX')}"
    ]
    assert any(script.startswith(INIT_MARKER) for script in init_scripts(root.docker_calls()))


def test_dev_launch_builds_the_dev_image_and_initialises(tmp_path):
    root = make_root(tmp_path)
    root.run("dev", "launch", "--non-interactive", fake_docker=True)
    calls = root.docker_calls()
    built = [arg for call in calls if call[:2] == ["buildx", "build"] for arg in call if arg.startswith("--tag=")]
    assert f"--tag={root.value('DOCKER_IMAGE_OPENEDX_DEV')}" in built
    assert any(script.startswith(INIT_MARKER) for script in init_scripts(calls))
