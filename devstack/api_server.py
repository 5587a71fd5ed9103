"""`chalice local` with its request log redacted: a reseller sending its API key in a
query string (GET /api/v2?key=...) must not find it in our logs, even on the local stack."""

from __future__ import annotations

import re
import sys
from http.server import BaseHTTPRequestHandler
from typing import Any

_SECRET_PARAM = re.compile(r"(?i)\b(key|token|password)=[^&\s\"]*")
_original = BaseHTTPRequestHandler.log_message


def _redacted(self: BaseHTTPRequestHandler, format: str, *args: Any) -> None:
    _original(self, format, *(_SECRET_PARAM.sub(r"\1=[redacted]", a) if isinstance(a, str) else a for a in args))


if __name__ == "__main__":
    BaseHTTPRequestHandler.log_message = _redacted  # type: ignore[method-assign]
    from chalice.cli import main

    sys.argv = ["chalice", *sys.argv[1:]]
    sys.exit(main())
