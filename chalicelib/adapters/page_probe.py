"""Load one page of our own site the way a visitor would, once: a GET with bounded connect and
read timeouts, no retries (a retry would hide the outage the probe exists to see), no redirects
followed (a redirect is an answer of the site), and at most `MAX_BODY_BYTES` read.

The URLs are our own (settings), not anyone's input, so no address checks apply here."""

from __future__ import annotations

import time

import urllib3

from chalicelib.domain.monitoring import PageResult

MAX_BODY_BYTES = 256 * 1024
USER_AGENT = "smm-panel-availability-probe/1"


def load(url: str, connect_timeout: float, read_timeout: float) -> PageResult:
    """The page's result: its status and latency, or no answer (refused, timed out, broken)."""
    started = time.perf_counter()
    # A new connection each time, as a new visitor makes (name lookup, TLS): nothing is reused
    # from the last minute's probe, and nothing half-read goes back into a pool.
    try:
        with urllib3.PoolManager(num_pools=1, maxsize=1, retries=False) as pool:
            return _get(pool, url, connect_timeout, read_timeout, started)
    except (urllib3.exceptions.HTTPError, OSError):
        return PageResult.no_answer(_ms(started))


def _get(pool: urllib3.PoolManager, url: str, connect_timeout: float, read_timeout: float,
         started: float) -> PageResult:
    response = pool.request(
        "GET", url, headers={"User-Agent": USER_AGENT, "Cache-Control": "no-cache"}, redirect=False,
        retries=False, preload_content=False, timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout))
    try:
        read = 0
        for chunk in response.stream(64 * 1024):
            read += len(chunk)
            if time.perf_counter() - started > connect_timeout + read_timeout:
                return PageResult.no_answer(_ms(started))   # a page that trickles in did not load
            if read >= MAX_BODY_BYTES:
                break
    finally:
        response.close()
    return PageResult.answered(response.status, _ms(started))


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
