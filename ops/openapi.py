"""Writes docs/openapi.json, the OpenAPI document of the site API (api/openapi.py).

`python -m ops.openapi` (or `make openapi`) rewrites the file; `--check` exits 1 when it is
out of date (the test suite runs that, so the checked-in contract is always the code's).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "openapi.json"


def render() -> str:
    import app  # noqa: F401  (registers every blueprint's routes)
    from chalicelib.api import openapi

    return json.dumps(openapi.document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/openapi.json is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = DOC.read_text() if DOC.exists() else ""
        if current != text:
            print("docs/openapi.json is out of date: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text)
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
