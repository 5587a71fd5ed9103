"""The wire under the provider client: where we may connect, and how much we read.

Every call resolves the provider's host name, checks every address it resolved to with
`domain.provider_urls` (no loopback, private, link-local or metadata addresses outside the
local stages) and then connects to the address it checked, not to the name: the HTTP `Host`
header, TLS SNI and the certificate check still use the name, so TLS verification is
unchanged. Because the connection goes to the checked address, a DNS answer that changes
between the check and the connection (DNS rebinding) cannot redirect the call.

The answer is read as a stream and abandoned as soon as it passes
`provider_max_response_bytes` (counted after any content decoding, so a compressed bomb is
cut too) or the call's overall deadline; redirects are never followed. JSON is read with
`NaN`/`Infinity` kept out of our numbers (`NonFinite`) and fractions as exact `Decimal`.
"""

from __future__ import annotations

import json
import socket
import time
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import urllib3

from chalicelib.domain.provider_urls import ProviderUrl, UrlRefused, check_addresses, parse_provider_url
from chalicelib.settings import get_settings

CHUNK_BYTES = 64 * 1024


class TransportError(Exception):
    """`sent` False: nothing reached the provider (the call can be repeated safely)."""

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.message = message
        self.sent = sent


@lru_cache(maxsize=1)
def _pool() -> urllib3.PoolManager:
    # cert_reqs CERT_REQUIRED: TLS is always verified toward providers.
    return urllib3.PoolManager(num_pools=20, maxsize=25, cert_reqs="CERT_REQUIRED", retries=False)


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (tests replace this to simulate DNS answers)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_target(api_url: str) -> tuple[ProviderUrl, str]:
    """The parsed URL and the one address we may connect to; UrlRefused otherwise."""
    stage = get_settings().stage
    url = parse_provider_url(api_url, stage)
    try:
        addresses = resolve(url.host, url.port)
    except (OSError, UnicodeError) as exc:
        raise UrlRefused("The provider's host name could not be resolved.") from exc
    return url, str(check_addresses(url, addresses, stage))


def post_form(api_url: str, fields: dict[str, str]) -> tuple[int, bytes]:
    """POST the form to the provider; (HTTP status, body of at most the byte limit)."""
    settings = get_settings()
    try:
        url, address = checked_target(api_url)
    except UrlRefused as exc:
        raise TransportError(f"the provider's URL is refused: {exc}", sent=False) from exc
    pool_kwargs = {"server_hostname": url.host, "assert_hostname": url.host} if url.scheme == "https" else {}
    pool = _pool().connection_from_host(address, url.port, url.scheme, pool_kwargs=pool_kwargs)
    headers = {"Host": url.host_header, "Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/json"}
    read_timeout = settings.provider_timeout_seconds
    deadline = time.monotonic() + 5.0 + 2 * read_timeout
    try:
        response = pool.urlopen("POST", url.target, body=urlencode(fields), headers=headers, redirect=False,
                                retries=False, preload_content=False,
                                timeout=urllib3.Timeout(connect=5.0, read=read_timeout))
    except urllib3.exceptions.HTTPError as exc:
        raise _transport_error(exc) from exc
    try:
        return response.status, _read_capped(response, settings.provider_max_response_bytes, deadline)
    finally:
        response.release_conn()


def _read_capped(response: urllib3.BaseHTTPResponse, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        _abandon(response)
        raise TransportError(f"the provider's answer is larger than {limit} bytes ({int(declared)})", sent=True)
    body = bytearray()
    try:
        for chunk in response.stream(CHUNK_BYTES):
            body += chunk
            if len(body) > limit:
                _abandon(response)
                raise TransportError(f"the provider's answer is larger than {limit} bytes", sent=True)
            if time.monotonic() > deadline:
                _abandon(response)
                raise TransportError("the provider's answer took too long to arrive", sent=True)
    except urllib3.exceptions.HTTPError as exc:
        raise TransportError(f"no complete answer from the provider ({type(exc).__name__})", sent=True) from exc
    return bytes(body)


def _abandon(response: urllib3.BaseHTTPResponse) -> None:
    """Drop the connection instead of reading the rest of an answer we refuse."""
    response.close()
    connection = getattr(response, "connection", None)
    if connection is not None:
        connection.close()


def _transport_error(exc: BaseException) -> TransportError:
    # Refused or timed out while connecting: nothing was sent. Anything later: maybe taken.
    if isinstance(exc, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError):
        return TransportError(f"the provider could not be reached ({type(exc).__name__})", sent=False)
    return TransportError(f"no answer from the provider ({type(exc).__name__})", sent=True)


class NonFinite:
    """What `NaN`, `Infinity` and `-Infinity` in an answer become: not a number of any type
    Python computes with, so every number parser refuses it and only the entry that carried
    it is skipped (Python's json would otherwise hand us float('nan'))."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def parse_json(body: bytes) -> Any:
    """JSON with NaN and Infinity turned into `NonFinite` and fractions into exact Decimal;
    ValueError if not JSON."""
    try:
        return json.loads(body, parse_constant=NonFinite, parse_float=Decimal)
    except RecursionError as exc:
        raise ValueError("the answer is nested too deeply") from exc
