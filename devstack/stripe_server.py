"""localstripe, bound to loopback only (its own launcher listens on every interface), with its
data kept where the stack says.

localstripe itself pickles its whole store to the fixed path /tmp/localstripe.pickle after
every write, so two stacks on one machine (`make run` and `make test`, or two checkouts)
would overwrite each other's data and could read a half-written file. Here the persistent
stack keeps its own file under .local/, written atomically, and the test stack keeps none.
"""

from __future__ import annotations

import argparse
import os
import pickle
from pathlib import Path
from typing import Any

from aiohttp import web
from localstripe.resources import Store, store


def keep_data_in(path: Path | None) -> None:
    """Replace localstripe's fixed-path persistence: `path` None keeps everything in memory."""

    def dump(self: Store) -> None:
        if path is None:
            return
        partial = path.with_suffix(".partial")
        with open(partial, "wb") as handle:
            pickle.dump(dict(self), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # readers see the old file or the new one, never half of one

    def load(self: Store) -> None:
        if path is None or not path.exists():
            return
        with open(path, "rb") as handle:
            saved: dict[str, Any] = pickle.load(handle)  # noqa: S301 - our own file, written above
        dict.clear(self)
        dict.update(self, saved)

    Store.dump_to_disk = dump
    Store.try_load_from_disk = load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", type=Path, help="file that keeps the data between runs (default: memory only)")
    args = parser.parse_args()
    if args.data:
        args.data.parent.mkdir(parents=True, exist_ok=True)
    keep_data_in(args.data)
    store.try_load_from_disk()
    from localstripe.server import app  # builds localstripe's routes: only the server needs them

    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
