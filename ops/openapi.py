"""Writes docs/openapi.json, the OpenAPI document of the site API (api/openapi.py).

`python -m ops.openapi` (or `make openapi`) rewrites the file; `--check` exits 1 when it is
out of date (the test suite runs that, so the checked-in contract is always the code's).
"""

from __future__ import annotations

import json
import sys

from ops.generated_docs import ROOT, write_or_check

DOC = ROOT / "docs" / "openapi.json"


def render() -> str:
    import app  # noqa: F401  (registers every blueprint's routes)
    from chalicelib.api import openapi

    return json.dumps(openapi.document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    return write_or_check(DOC, render, "openapi", __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
