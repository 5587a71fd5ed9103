"""The pages' money formatting (frontend/src/money.ts), run in Node on the bundled module and
checked against the ledger's own arithmetic: Python's Decimal with ROUND_HALF_UP."""

from __future__ import annotations

import json
import random
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


@pytest.fixture(scope="module")
def formatted(tmp_path_factory: pytest.TempPathFactory):
    """Bundles money.ts once; returns a function sending a batch of calls to one Node process."""
    bundle = tmp_path_factory.mktemp("money") / "money.mjs"
    subprocess.run([str(FRONTEND / "node_modules/.bin/esbuild"), "src/money.ts", "--bundle", "--format=esm",
                    "--platform=neutral", f"--outfile={bundle}", "--log-level=warning"],
                   cwd=FRONTEND, check=True, timeout=60)
    runner = ("import { pathToFileURL } from 'node:url';"
              "const m = await import(pathToFileURL(process.argv[1]).href);"
              "let input = ''; process.stdin.on('data', (c) => input += c);"
              "process.stdin.on('end', () => console.log(JSON.stringify(JSON.parse(input).map(([f, a]) => {"
              "  try { return m[f](a); } catch (e) { return 'error: ' + e.message; } }))));")

    def call(calls: list[tuple[str, str]]) -> list[str]:
        done = subprocess.run(["node", "--input-type=module", "-e", runner, str(bundle)], input=json.dumps(calls),
                              capture_output=True, text=True, check=True, timeout=60)
        return json.loads(done.stdout)

    return call


@pytest.mark.parametrize(("amount", "shown"), [
    ("50.00000", "$50.00"),
    ("0.27819", "$0.28"),
    ("1234.50000", "$1,234.50"),
    ("999999.99999", "$1,000,000.00"),
    ("1234567.1", "$1,234,567.10"),
    ("2.34500", "$2.35"),      # half-up, the ledger's rule
    ("2.34499", "$2.34"),
    ("0.00500", "$0.01"),      # 0.005 is exact in the string, no float 0.004999…
    ("1.00499", "$1.00"),
    ("9.99500", "$10.00"),
    ("-2.34500", "-$2.35"),    # half-up on the magnitude, as Decimal does
    ("-0.00400", "$0.00"),     # never "-$0.00"
    ("-0.00000", "$0.00"),
    ("0", "$0.00"),
    ("7.25", "$7.25"),
    ("007.10000", "$7.10"),
    ("-1500.00000", "-$1,500.00"),
])
def test_money_shows_dollars_and_cents(formatted, amount: str, shown: str) -> None:
    assert formatted([("money", amount)]) == [shown]


@pytest.mark.parametrize(("per_1000", "shown"), [
    ("0.01250", "$0.0125"),
    ("1.20000", "$1.20"),
    ("0.90000", "$0.90"),
    ("3.00000", "$3.00"),
    ("0.00001", "$0.00001"),
    ("12.34560", "$12.3456"),
    ("1500.50000", "$1,500.50"),
    ("0.1234567", "$0.12346"),  # never more places than the API's 5
])
def test_rate_shows_the_places_it_needs(formatted, per_1000: str, shown: str) -> None:
    assert formatted([("rate", per_1000)]) == [shown]


@pytest.mark.parametrize("garbage", ["", "abc", "1e5", "1.2.3", "$5", "NaN", "1,000.00"])
def test_anything_but_a_decimal_string_is_refused(formatted, garbage: str) -> None:
    assert formatted([("money", garbage), ("rate", garbage)]) == [f"error: Not an amount: {json.dumps(garbage)}"] * 2


def _as_decimal_money(amount: str) -> str:
    cents = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"${abs(cents):,.2f}"
    return f"-{text}" if cents < 0 else text


def test_money_agrees_with_the_ledgers_decimal_rounding_on_random_amounts(formatted) -> None:
    rng = random.Random(20261202)
    amounts = [f"{rng.choice(['', '-'])}{rng.randrange(0, 10 ** rng.randrange(1, 12))}.{rng.randrange(0, 10 ** 5):05d}"
               for _ in range(3000)]
    assert formatted([("money", a) for a in amounts]) == [_as_decimal_money(a) for a in amounts]
