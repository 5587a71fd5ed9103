"""`make run`: the whole panel on this machine. Ctrl-C stops everything it started."""

from __future__ import annotations

import signal
import sys
import time
from typing import Any

from devstack import local_secrets
from devstack.launcher import Launcher, StackError
from devstack.stack import LOCAL, LOCAL_DIR

SECRETS_FILE = LOCAL_DIR / "secrets.json"


def banner(credentials: dict[str, Any]) -> str:
    demo, admin = credentials["demo"], credentials["admin"]
    stack = LOCAL
    return f"""
  SMM panel is running: {stack.gateway_url}

  Demo customer   {demo['email']} / {demo['password']}  (balance $50, services from the provider simulator)
  Past month      ava@, ben@, chloe@example.com / same password  (four weeks of orders for the reports)
  Local admin     {admin['email']} / {admin['password'] or '(unchanged)'}
                  TOTP secret {admin['totp_secret']}  (current code: `make totp`)

  Site + API      {stack.gateway_url}   (API health: {stack.gateway_url}/api/health)
  chalice local   http://127.0.0.1:{stack.api_port}
  DynamoDB Local  http://127.0.0.1:{stack.dynamodb_port}   data in .local/dynamodb
  moto (SQS/SES/S3/Secrets Manager) http://127.0.0.1:{stack.moto_port}
  localstripe     http://127.0.0.1:{stack.stripe_port}   (Add funds with test card 4242 4242 4242 4242)
  Provider sim    http://127.0.0.1:{stack.provider_port}/api/v2   (the demo upstream provider)
  Telegram sim    http://127.0.0.1:{stack.provider_port}/_sim/telegram   (staff alerts posted to Telegram)
  Mail outbox     .local/outbox/*.eml (each new mail is logged below)
  Logs            .local/logs/

  Press Ctrl-C to stop.
"""


def _save_secrets() -> None:
    """Keep what staff set while running (provider keys, monitor secrets) for the next start."""
    try:
        local_secrets.save(SECRETS_FILE, LOCAL.stage)
    except Exception as exc:  # moto may be gone already; the saved copy stays
        print(f"[run] secrets not saved: {exc}", file=sys.stderr, flush=True)


def main() -> int:
    launcher = Launcher(LOCAL)

    def on_terminate(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_terminate)
    signal.signal(signal.SIGINT, on_terminate)  # also when started with SIGINT ignored (e.g. `cmd &`)
    try:
        print("[run] starting DynamoDB Local, moto and localstripe…", flush=True)
        launcher.start_backing_services()
        LOCAL.apply_environment()
        local_secrets.restore(SECRETS_FILE, LOCAL.stage)
        from devstack.handlers import load_app
        from devstack.provision import ensure_all
        from devstack.seed import seed

        ensure_all(load_app())
        credentials = seed()
        local_secrets.save(SECRETS_FILE, LOCAL.stage)  # the keys made by provisioning, at once
        print("[run] starting the API, worker, scheduler and gateway…", flush=True)
        launcher.start_application()
        print(banner(credentials), flush=True)
        while True:
            launcher.check_alive()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    except StackError as exc:
        print(f"[run] {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        # A second Ctrl-C (or SIGTERM) must not interrupt the shutdown and orphan processes.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("[run] stopping…", flush=True)
        _save_secrets()
        launcher.stop()
    print("[run] stopped; data kept in .local/", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
