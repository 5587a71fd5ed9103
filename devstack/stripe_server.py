"""localstripe, bound to loopback only (its own launcher listens on every interface)."""

from __future__ import annotations

import argparse

from aiohttp import web
from localstripe.resources import store
from localstripe.server import app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--from-scratch", action="store_true")
    args = parser.parse_args()
    if not args.from_scratch:
        store.try_load_from_disk()
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
