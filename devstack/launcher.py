"""Starts and stops the processes of a local stack (used by `make run` and the e2e tests)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import requests

from devstack import dynamodb_local
from devstack.stack import DYNAMODB_DIR, LOCAL_DIR, ROOT, VENV_BIN, Stack, port_is_free, port_is_open


class StackError(RuntimeError):
    pass


def _memory_backed_dir() -> str | None:
    """/dev/shm where the machine has it (a tmpfs: as fast as -inMemory), else the temp dir."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


@dataclass
class Launcher:
    stack: Stack
    log_dir: Path = LOCAL_DIR / "logs"
    quiet: bool = False
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    _logs: list[IO[bytes]] = field(default_factory=list)
    _scratch: tempfile.TemporaryDirectory[str] | None = None

    def _start(self, name: str, command: list[str], port: int | None, *, to_console: bool = False) -> None:
        if port is not None and not port_is_free(port):
            raise StackError(
                f"Port {port} ({name}) is already in use. Is another `make run` or test run going? "
                f"Stop it, or free the port (`ss -ltnp 'sport = :{port}'` shows who holds it)."
            )
        env = {**os.environ, **self.stack.env, "PYTHONUNBUFFERED": "1"}
        if to_console and not self.quiet:
            out: IO[bytes] | int | None = None
        else:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{self.stack.stage}-{name}.log", "ab")  # noqa: SIM115
            self._logs.append(out)
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append((name, process))

    def _wait_for_port(self, name: str, port: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if port_is_open(port):
                return
            self.check_alive()
            time.sleep(0.2)
        raise StackError(f"{name} did not open port {port} within {seconds:.0f}s; see {self.log_dir}")

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise StackError(f"{name} exited with code {process.returncode}; see {self.log_dir}")

    def start_backing_services(self) -> None:
        """DynamoDB Local, moto (SQS/SES/S3/Secrets Manager), the provider simulator and localstripe."""
        stack = self.stack
        if stack.persistent:
            database_dir = LOCAL_DIR / "dynamodb"
            database_dir.mkdir(parents=True, exist_ok=True)
        else:
            # A throwaway file in memory rather than -inMemory: the stream-record index below needs
            # the database to be a file another connection can open.
            self._scratch = tempfile.TemporaryDirectory(prefix="panel-dynamodb-", dir=_memory_backed_dir())
            database_dir = Path(self._scratch.name)
        self._start("dynamodb", [
            "java", "-Xmx512m", f"-Djava.library.path={DYNAMODB_DIR / 'DynamoDBLocal_lib'}",
            "-jar", str(DYNAMODB_DIR / "DynamoDBLocal.jar"), "-sharedDb", "-dbPath", str(database_dir),
            "-port", str(stack.dynamodb_port),
        ], stack.dynamodb_port)
        self._start("moto", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(stack.moto_port)],
                    stack.moto_port)
        self._start("provider", [sys.executable, "-m", "devstack.provider_sim", "--port", str(stack.provider_port)],
                    stack.provider_port)
        stripe_data = ["--data", str(LOCAL_DIR / "localstripe.pickle")] if stack.persistent else []
        self._start("stripe", [sys.executable, "-m", "devstack.stripe_server", "--port", str(stack.stripe_port),
                               *stripe_data], stack.stripe_port)
        self._wait_for_port("dynamodb", stack.dynamodb_port)
        dynamodb_local.index_stream_records(stack.dynamodb_port, database_dir / dynamodb_local.SHARED_DB_FILE)
        self._wait_for_port("moto", stack.moto_port)
        self._wait_for_port("provider", stack.provider_port)
        self._wait_for_port("stripe", stack.stripe_port)

    def start_application(self) -> None:
        """chalice local (API), the worker, the scheduler and the gateway."""
        stack = self.stack
        self._start("api", [sys.executable, "-m", "devstack.api_server", "local", "--stage", stack.stage, "--host",
                            "127.0.0.1", "--port", str(stack.api_port), "--no-autoreload"], stack.api_port,
                    to_console=True)
        self._start("worker", [sys.executable, "-m", "devstack.worker", "--stage", stack.stage], None,
                    to_console=True)
        self._start("scheduler", [sys.executable, "-m", "devstack.scheduler", "--stage", stack.stage], None,
                    to_console=True)
        self._start("gateway", [sys.executable, "-m", "devstack.gateway", "--stage", stack.stage],
                    stack.gateway_port)
        self._wait_for_port("api", stack.api_port)
        self._wait_for_port("gateway", stack.gateway_port)
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{stack.gateway_url}/api/health", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise StackError(f"/api/health did not answer ok within 30s; see {self.log_dir}")
            self.check_alive()
            time.sleep(0.3)

    def stop(self) -> None:
        """Stop in reverse start order, each before the next, so nothing outlives what it uses."""
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
