"""Drive load with wrk, and make the few single requests the bench needs with http.client."""

import html
import http.client
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

LUA_SCRIPT = Path(__file__).resolve().parent / "lua" / "chorus.lua"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT_LINK = re.compile(r'href="\?([^"]*)"[^>]*rel="next"')


class WrkMissing(SystemExit):
    pass


def wrk_path() -> str:
    """Return wrk's path, or stop with how to install it."""
    path = shutil.which("wrk")
    if not path:
        raise WrkMissing(
            "wrk is not installed. The bench drives load with it: "
            "`apt-get update && apt-get install -y wrk` (Debian package `wrk`)."
        )
    return path


def wrk_version() -> str:
    result = subprocess.run([wrk_path(), "-v"], capture_output=True, text=True, check=False)
    first = (result.stdout or result.stderr).strip().splitlines()
    return first[0].split(" [")[0] if first else "wrk"


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # socket errors and responses with status >= 400

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "requests": self.requests, "seconds": round(self.seconds, 3), "rps": round(self.rps, 1),
            "p50_ms": self.p50_ms, "p90_ms": self.p90_ms, "p99_ms": self.p99_ms, "max_ms": self.max_ms,
            "errors": self.errors,
        }


def parse_wrk_output(output: str) -> LoadResult:
    """Read the JSON line our Lua done() prints."""
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line[len("BENCH_JSON "):])
            errors = data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["status_errors"] + data["timeouts"]
            return LoadResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=round(data["p50_us"] / 1000, 2),
                p90_ms=round(data["p90_us"] / 1000, 2),
                p99_ms=round(data["p99_us"] / 1000, 2),
                max_ms=round(data["max_us"] / 1000, 2),
                errors=errors,
            )
    raise RuntimeError(f"wrk printed no result:\n{output[-2000:]}")


def run_wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    post_files: tuple[Path, Path] | None = None,
) -> LoadResult:
    """Run wrk against one URL; with post_files (pairs, bodies) it sends rotating form POSTs."""
    command = [
        wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
        "-s", str(LUA_SCRIPT),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if post_files:
        command += ["--", str(post_files[0]), str(post_files[1])]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=seconds + 60)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr.strip()}")
    return parse_wrk_output(result.stdout)


# --- Single requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    set_cookies: list[str]
    body: str


def request(port: int, method: str, path: str, *, headers: dict[str, str] | None = None, body: str | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read().decode("utf-8", errors="replace")
        return Answer(
            status=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
            set_cookies=response.headers.get_all("Set-Cookie") or [],
            body=content,
        )
    finally:
        connection.close()


def cookie_value(answer: Answer, name: str) -> str | None:
    for header in answer.set_cookies:
        first = header.split(";", 1)[0]
        cookie_name, _, value = first.partition("=")
        if cookie_name.strip() == name:
            return value.strip()
    return None


def fetch_csrf_pair(port: int, path: str, cookie_name: str = "csrftoken") -> tuple[str, str]:
    """GET a form page as a new browser would; return (CSRF cookie, form token)."""
    answer = request(port, "GET", path)
    cookie = cookie_value(answer, cookie_name)
    match = CSRF_FIELD.search(answer.body)
    if answer.status != 200 or not cookie or not match:
        raise RuntimeError(f"GET {path} gave no CSRF cookie and token (status {answer.status})")
    return cookie, match.group(1)


def fetch_csrf_pairs(port: int, path: str, count: int, *, workers: int = 4) -> list[tuple[str, str]]:
    """Collect `count` fresh (cookie, token) pairs: each is a different browser's."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda _n: fetch_csrf_pair(port, path), range(count)))


def follow_next_links(port: int, path: str, times: int) -> tuple[str, int]:
    """Follow the stories list's "Older stories" link up to `times` times; return (path, pages followed)."""
    current, followed = path, 0
    base = path.split("?", 1)[0]
    for _ in range(times):
        answer = request(port, "GET", current)
        match = NEXT_LINK.search(answer.body)
        if answer.status != 200 or not match:
            break
        current = base + "?" + html.unescape(match.group(1))
        followed += 1
    return current, followed
