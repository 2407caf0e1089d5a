"""
An MFE can build on the OpenAPI document (issue 16 item 7): the TypeScript client openapi-typescript generates
from the live schema compiles, with a small module using its types (tests/client/client.ts), under
``tsc --strict``. Both tools come from npm (tests/client, installed by ``make test`` with ``npm ci``).
"""

import shutil
import subprocess
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parents[1] / "client"


def _node():
    node = shutil.which("node")
    if node is None or not (CLIENT / "node_modules" / "openapi-typescript").is_dir():
        pytest.fail("The client tools are not installed: run `make client-tools` (npm ci in tests/client).")
    return node


def _run(*args, cwd):
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.django_db
def test_the_generated_client_compiles(client, tmp_path):
    node = _node()
    response = client.get("/api/dcp/v1/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    (tmp_path / "schema.json").write_bytes(response.content)
    shutil.copy(CLIENT / "client.ts", tmp_path / "client.ts")
    _run(node, str(CLIENT / "node_modules" / "openapi-typescript" / "bin" / "cli.js"), "schema.json",
         "--output", "schema.ts", cwd=tmp_path)
    generated = (tmp_path / "schema.ts").read_text()
    assert '"/api/dcp/v1/community-roles/"' in generated and "Error:" in generated
    _run(node, str(CLIENT / "node_modules" / "typescript" / "bin" / "tsc"), "--strict", "--noEmit",
         "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "client.ts", cwd=tmp_path)


@pytest.mark.django_db
def test_a_client_that_misreads_the_contract_does_not_compile(client, tmp_path):
    """The check has teeth: reading a field the schema does not have fails the build."""
    node = _node()
    (tmp_path / "schema.json").write_bytes(client.get("/api/dcp/v1/schema/", {"format": "json"}).content)
    (tmp_path / "client.ts").write_text(
        'import type { components } from "./schema";\n'
        'export const size = (o: components["schemas"]["Organization"]): number => o.employees;\n'
    )
    _run(node, str(CLIENT / "node_modules" / "openapi-typescript" / "bin" / "cli.js"), "schema.json",
         "--output", "schema.ts", cwd=tmp_path)
    result = subprocess.run([node, str(CLIENT / "node_modules" / "typescript" / "bin" / "tsc"), "--strict",
                             "--noEmit", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler",
                             "client.ts"], capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path)
    assert result.returncode != 0 and "employees" in result.stdout
