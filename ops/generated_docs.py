"""What every generated, checked-in document shares: write it, or check it is current."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(doc: Path, render: Callable[[], str], make_target: str, description: str,
                   argv: list[str] | None = None) -> int:
    """`--check`: exit 1 (saying which `make` target fixes it) when `doc` differs from what
    `render` makes; otherwise rewrite `doc`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help=f"exit 1 if {doc.relative_to(ROOT)} is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not doc.exists() or doc.read_text() != text:
            print(f"{doc.relative_to(ROOT)} is out of date: run `make {make_target}`", file=sys.stderr)
            return 1
        return 0
    doc.write_text(text)
    print(f"wrote {doc.relative_to(ROOT)}")
    return 0
