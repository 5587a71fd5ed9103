// Money as people read it. The API writes every amount as a decimal string with 5 places
// ("50.00000", "-0.27819"); pages show balances, charges and credits in dollars and cents
// and rates per 1000 with only the places they need. All rounding works on the digits of
// the string, never through a float, so "0.00500" is one cent and not 0.004999….
//
// Rounding is half-up on the magnitude (2.345 -> 2.35, -2.345 -> -2.35): the ledger's own
// rule, Python's ROUND_HALF_UP in chalicelib/domain/money.py.

// The API's precision (chalicelib/domain/money.py PLACES).
const API_PLACES = 5;
const AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Digits {
  negative: boolean;
  whole: string;
  fraction: string;
}

function digitsOf(amount: string): Digits {
  const match = AMOUNT.exec(amount.trim());
  if (!match) throw new Error(`Not an amount: ${JSON.stringify(amount)}`);
  return { negative: match[1] === "-", whole: match[2], fraction: match[3] ?? "" };
}

// Adds one to a string of decimal digits: "199" -> "200", "99" -> "100".
function incremented(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== "9") {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
    out[i] = "0";
  }
  return "1" + out.join("");
}

// Rounds to `places` decimals, half-up on the magnitude.
function rounded(d: Digits, places: number): Digits {
  const padded = d.fraction.padEnd(places + 1, "0");
  const roundUp = padded[places] >= "5";
  const kept = d.whole + padded.slice(0, places);
  const digits = roundUp ? incremented(kept).padStart(kept.length, "0") : kept;
  const split = digits.length - places;
  return { negative: d.negative, whole: digits.slice(0, split), fraction: digits.slice(split) };
}

function grouped(whole: string): string {
  const plain = whole.replace(/^0+(?=\d)/, "");
  return plain.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function written(d: Digits): string {
  const isZero = /^0*$/.test(d.whole + d.fraction);
  // A debit that rounds to nothing reads "$0.00", never "-$0.00".
  const sign = d.negative && !isZero ? "-" : "";
  return `${sign}$${grouped(d.whole)}.${d.fraction}`;
}

/** A balance, charge, refund or credit: "$1,234.50", "-$0.28". */
export function money(amount: string): string {
  return written(rounded(digitsOf(amount), 2));
}

/** A rate per 1000 (or per package): 2 to 5 decimals, as many as it needs: "$0.0125", "$1.20". */
export function rate(amountPer1000: string): string {
  const exact = rounded(digitsOf(amountPer1000), API_PLACES);
  const needed = exact.fraction.replace(/0+$/, "");
  return written({ ...exact, fraction: needed.padEnd(2, "0") });
}

/** An amount for files people open in a spreadsheet (CSV): two decimals, no sign of the
 * currency and no grouping: "1234.50", "-0.28". */
export function decimal(amount: string): string {
  const d = rounded(digitsOf(amount), 2);
  const isZero = /^0*$/.test(d.whole + d.fraction);
  return `${d.negative && !isZero ? "-" : ""}${d.whole.replace(/^0+(?=\d)/, "")}.${d.fraction}`;
}
