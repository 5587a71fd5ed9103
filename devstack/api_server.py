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
    """The launcher already gave this process its stack's variables (ports moved by
    PANEL_TEST_PORT_OFFSET); chalice would overwrite them with the stage's unmoved ones."""
    from chalice.cli.factory import CLIFactory

    load = CLIFactory.load_chalice_app

    def load_keeping(self: CLIFactory, environment_variables: Any = None, validate_feature_flags: Any = True) -> Any:
        kept = {k: os.environ.get(k, v) for k, v in (environment_variables or {}).items()}
        return load(self, kept, validate_feature_flags)

    CLIFactory.load_chalice_app = load_keeping  # type: ignore[method-assign]


def _record_aws_calls() -> None:
    """With PANEL_RECORD_AWS_CALLS set, the API's AWS calls go to the same record as the tests'."""
    from chalice.cli.factory import CLIFactory

    load = CLIFactory.load_chalice_app

    def load_recording(self: CLIFactory, *args: Any, **kwargs: Any) -> Any:
        from devstack.aws_calls import install

        app = load(self, *args, **kwargs)
        install(app)
        return app

    CLIFactory.load_chalice_app = load_recording  # type: ignore[method-assign]


if __name__ == "__main__":
    BaseHTTPRequestHandler.log_message = _redacted  # type: ignore[method-assign]
    _keep_launcher_environment()
    if os.environ.get("PANEL_RECORD_AWS_CALLS"):
        _record_aws_calls()
    from chalice.cli import main

    sys.argv = ["chalice", *sys.argv[1:]]
    sys.exit(main())
