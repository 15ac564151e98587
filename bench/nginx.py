"""nginx in front of the bench's gunicorn, with the project's own deploy/nginx/ rules.

Besides the wall's micro-cache it serves one static file itself (the home page's own bytes,
saved once), the yardstick for "through the micro-cache ÷ nginx serving a file".
"""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "deploy" / "nginx"
STATIC_PATH = "/bench-static/home.html"


def binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def version() -> str:
    if not os.access(binary(), os.X_OK):
        return "not installed"
    result = subprocess.run([binary(), "-v"], capture_output=True, text=True, check=False)
    return (result.stderr or result.stdout).strip().replace("nginx version: ", "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def configuration(root: Path, *, port: int, upstream_port: int) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes auto;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream chorus_web {{ server 127.0.0.1:{upstream_port}; keepalive 32; }}
    proxy_cache_path {root}/cache levels=1:2 keys_zone=chorus_wall:10m max_size=64m inactive=60s use_temp_path=off;
    include {DEPLOY}/chorus-maps.conf;
    server {{
        listen 127.0.0.1:{port};
        location ^~ /bench-static/ {{ root {root}/static; default_type text/html; }}
        include {DEPLOY}/chorus-locations.conf;
    }}
}}
"""


@dataclass
class Nginx:
    process: subprocess.Popen
    port: int

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(root: Path, *, upstream_port: int, static_body: bytes) -> Nginx:
    """Start nginx on a free port in front of upstream_port; raise RuntimeError if it does not listen."""
    if os.path.exists(root):
        shutil.rmtree(root)
    (root / "static" / "bench-static").mkdir(parents=True)
    (root / "static" / "bench-static" / "home.html").write_bytes(static_body)
    port = free_port()
    (root / "nginx.conf").write_text(configuration(root, port=port, upstream_port=upstream_port))
    process = subprocess.Popen([binary(), "-c", str(root / "nginx.conf"), "-p", str(root)],
                               stdout=subprocess.DEVNULL, stderr=(root / "nginx.out").open("w"))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {(root / 'nginx.out').read_text()}{(root / 'error.log').read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return Nginx(process, port)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not listen within 15 s")
