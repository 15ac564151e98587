"""Real processes for the fault tests: Celery workers, gunicorn, a throwaway redis-server.

Each runs in its own process group so a test can SIGKILL it with everything
it started, exactly as the kernel or an operator would.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


class Process:
    """A child process in its own group, its output in a log file."""

    ready_text = ""

    def __init__(self, argv: list[str], *, env: dict[str, str], log: Path):
        self.argv, self.env, self.log = argv, env, log
        self.popen: subprocess.Popen | None = None

    def start(self, *, timeout: float = 30) -> "Process":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as out:
            self.popen = subprocess.Popen(
                self.argv, cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        if self.ready_text:
            self.wait_for_output(self.ready_text, timeout=timeout)
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_output(self, text: str, *, timeout: float = 30) -> None:
        def seen():
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.argv[:3]} exited with {self.popen.returncode}:\n{self.output()[-3000:]}")
            return text in self.output()

        wait_until(seen, timeout=timeout, message=f"{text!r} in {self.log.name}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown handler runs, nothing is acknowledged."""
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def stop(self, *, timeout: float = 15) -> None:
        """Ask politely (SIGTERM), then kill."""
        if not self.popen or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()


class Worker(Process):
    """`celery -A config worker` bound to named queues (optionally slowed, see slow_worker.py)."""

    ready_text = " ready."

    def __init__(self, *, queues: str, name: str, env: dict[str, str], log: Path, slow_seconds: float = 0):
        if slow_seconds:
            program = [sys.executable, "-m", "tests.reliability.slow_worker"]
            env = {**env, "SLOW_SCREENING_SECONDS": str(slow_seconds)}
        else:
            program = [str(BIN / "celery"), "-A", "config"]
        argv = [
            *program, "worker", "-Q", queues, "-n", f"{name}@%h", "-P", "solo", "--loglevel", "INFO",
            "--without-mingle", "--without-gossip", "--without-heartbeat",
        ]
        super().__init__(argv, env=env, log=log)


class Gunicorn(Process):
    def __init__(self, *, port: int, env: dict[str, str], log: Path, workers: int = 2, threads: int = 8):
        self.port, self.workers = port, workers
        argv = [
            str(BIN / "gunicorn"), "-c", str(REPO / "config" / "gunicorn.py"), "config.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--access-logfile", "-",
        ]
        super().__init__(argv, env=env, log=log)

    def start(self, *, timeout: float = 30) -> "Gunicorn":
        super().start()
        wait_until(lambda: port_open(self.port), timeout=timeout, message="gunicorn to listen")
        # Every worker imports Django after the port opens; wait until they all answer.
        booted = "Booting worker"
        wait_until(lambda: self.output().count(booted) >= self.workers, timeout=timeout, message="gunicorn workers")
        wait_until(self.answers, timeout=timeout, message="gunicorn to answer")
        for _ in range(4 * self.workers):
            self.answers()
        return self

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=10) as response:  # noqa: S310 -- our http:// URL
                return response.status == 200
        except OSError:
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class RedisServer(Process):
    """A redis-server of our own, with no persistence: a restart loses every message in it."""

    ready_text = "Ready to accept connections"

    def __init__(self, *, port: int, log: Path):
        self.port = port
        argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        super().__init__(argv, env=dict(os.environ), log=log)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def wait_gone(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while port_open(port) and time.monotonic() < deadline:
        time.sleep(0.05)
