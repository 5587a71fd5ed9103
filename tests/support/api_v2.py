"""The reseller API on the test stack, called as resellers' scripts call it: form-encoded POST."""

from __future__ import annotations

import requests

from devstack.stack import TEST

URL = f"{TEST.gateway_url}/api/v2"


def call(key: str | None, action: str | None = None, **params: object) -> requests.Response:
    data = {k: str(v) for k, v in {"key": key, "action": action, **params}.items() if v is not None}
    return requests.post(URL, data=data, timeout=10)
