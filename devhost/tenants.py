"""
The dev host's two tenants, named after the address ``make dev`` serves (``HOST`` and ``PORT``).

A tenant is the request's host (a Django ``Site`` per domain), so the dev host needs two names that reach the same
server: tenant A is ``HOST:PORT`` and tenant B is the other loopback name on the same port (``localhost`` when
``HOST`` is ``127.0.0.1``, and ``127.0.0.1`` when ``HOST`` is ``localhost``). A server listening on every interface
(``0.0.0.0``) is reached as ``127.0.0.1``. Read by devhost/settings.py (signing keys per tenant, ``DCP_DEV_TENANTS``)
and by ``dcp_load_demo``.
"""

import os

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def dev_tenant_domains(host: str | None = None, port: str | None = None) -> tuple[str, str]:
    """``(tenant A, tenant B)`` domains for the dev server on ``host:port`` (env DCP_DEV_HOST / DCP_DEV_PORT)."""
    host = host or os.environ.get("DCP_DEV_HOST") or "127.0.0.1"
    port = port or os.environ.get("DCP_DEV_PORT") or "8000"
    if host in ("0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    # Two names for one server: the other loopback name (a non-loopback HOST keeps localhost for tenant B, which
    # answers when the server also listens on the loopback interface, e.g. HOST=0.0.0.0).
    second = "127.0.0.1" if host == "localhost" else "localhost"
    return f"{host}:{port}", f"{second}:{port}"
