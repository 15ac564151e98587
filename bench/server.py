"""Start and stop gunicorn with the project's production configuration on a free loopback port."""

import http.client
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = BASE_DIR / "config" / "gunicorn.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_command(port: int) -> tuple[list[str], str]:
    """Return the gunicorn command line and a description of where its configuration came from."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    bind = ["--bind", f"127.0.0.1:{port}"]
    if GUNICORN_CONFIG.exists():
        # Command-line options win over the config file: only the address is ours.
        return [gunicorn, "--config", str(GUNICORN_CONFIG), *bind, "config.wsgi:application"], "config/gunicorn.py"
    workers = default_workers()
    flags = ["--workers", str(workers), "--worker-class", "sync", "--timeout", "30"]
    return [gunicorn, *flags, *bind, "config.wsgi:application"], f"command line ({' '.join(flags)})"


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path
    config_source: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start(env: dict[str, str], log_path: Path, *, ready_path: str, timeout: float = 60) -> Server:
    """Start gunicorn and wait until ready_path answers 200."""
    port = free_port()
    command, source = gunicorn_command(port)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(process=process, port=port, log_path=log_path, config_source=source)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.log_tail()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", ready_path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s:\n{server.log_tail()}")
