"""Where the local stack runs: ports, paths and environment, per Chalice stage.

`make run` uses stage "local"; the test suite uses stage "test" (other ports, in-memory
DynamoDB) so both can run on one machine at once. Ports are read from the stage's
AWS_ENDPOINT_URL_* variables in .chalice/config.json, the single place they are set.
PANEL_TEST_PORT_OFFSET moves every port of the test stack by that much, so two checkouts
can run their suites side by side.
"""

from __future__ import annotations

import json
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DYNAMODB_DIR = ROOT / ".tools" / "dynamodb-local"
LOCAL_DIR = ROOT / ".local"
FRONTEND_DIST = ROOT / "frontend" / "dist"


TEST_PORT_OFFSET = int(os.environ.get("PANEL_TEST_PORT_OFFSET", "0"))
_LOOPBACK_PORT = re.compile(r"(127\.0\.0\.1:)(\d+)")


def stage_environment(stage: str, port_offset: int = 0) -> dict[str, str]:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config["stages"][stage]["environment_variables"])
    if port_offset:
        env = {name: _LOOPBACK_PORT.sub(lambda m: f"{m[1]}{int(m[2]) + port_offset}", value)
               for name, value in env.items()}
    return env


def _port(url: str) -> int:
    port = urlparse(url).port
    assert port is not None, url
    return port


@dataclass(frozen=True)
class Stack:
    stage: str
    env: dict[str, str]
    api_port: int
    gateway_port: int
    provider_port: int
    persistent: bool

    @property
    def dynamodb_port(self) -> int:
        return _port(self.env["AWS_ENDPOINT_URL_DYNAMODB"])

    @property
    def moto_port(self) -> int:
        return _port(self.env["AWS_ENDPOINT_URL_SQS"])

    @property
    def stripe_port(self) -> int:
        return _port(self.env["PANEL_STRIPE_API_BASE"])

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def apply_environment(self) -> None:
        """Make this process talk to the stack (before any AWS client is created)."""
        os.environ.update(self.env)


LOCAL = Stack("local", stage_environment("local"), api_port=8000, gateway_port=8080,
              provider_port=8090, persistent=True)
TEST = Stack("test", stage_environment("test", TEST_PORT_OFFSET), api_port=8001 + TEST_PORT_OFFSET,
             gateway_port=8081 + TEST_PORT_OFFSET, provider_port=8091 + TEST_PORT_OFFSET, persistent=False)
STACKS = {"local": LOCAL, "test": TEST}


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
