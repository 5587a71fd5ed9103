"""`chalice local` with its request log redacted: a reseller sending its API key in a
query string (GET /api/v2?key=...) must not find it in our logs, even on the local stack."""

from __future__ import annotations

import os
import re
import sys
from http.server import BaseHTTPRequestHandler
from typing import Any

_SECRET_PARAM = re.compile(r"(?i)\b(key|token|password)=[^&\s\"]*")
_original = BaseHTTPRequestHandler.log_message


def _redacted(self: BaseHTTPRequestHandler, format: str, *args: Any) -> None:
    _original(self, format, *(_SECRET_PARAM.sub(r"\1=[redacted]", a) if isinstance(a, str) else a for a in args))


def _keep_launcher_environment() -> None:
    """chalice local applies the stage's variables from .chalice/config.json over the process
    environment; the launcher's (test ports moved by PANEL_TEST_PORT_OFFSET) must win."""
    from chalice.cli import factory

    load = factory.CLIFactory.load_chalice_app

    def load_keeping_env(self: Any, environment_variables: Any = None, validate_feature_flags: Any = True) -> Any:
        if environment_variables is not None:
            environment_variables = {k: os.environ.get(k, v) for k, v in environment_variables.items()}
        return load(self, environment_variables, validate_feature_flags)

    factory.CLIFactory.load_chalice_app = load_keeping_env  # type: ignore[method-assign]


if __name__ == "__main__":
    BaseHTTPRequestHandler.log_message = _redacted  # type: ignore[method-assign]
    _keep_launcher_environment()
    from chalice.cli import main

    sys.argv = ["chalice", *sys.argv[1:]]
    sys.exit(main())
