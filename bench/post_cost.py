"""What one POST costs, in this process and in PostgreSQL's backend: the tap, the story, the bare INSERT.

For comparing two versions of the code on a machine others are using: wrk's req/s swing with other
people's work, the CPU a request costs moves much less. Every request goes through Django's WSGI
handler with the full middleware (no HTTP, no gunicorn), as the bench's CPU column, and the three
kinds are measured in interleaved rounds, so a burst of someone else's load falls on all of them:

- *Python*: this thread's CPU clock around the request;
- *backend*: the CPU the PostgreSQL backend serving this process spent meanwhile
  (`/proc/<pid>/schedstat`, nanoseconds; the server must run on this machine).

    python -m bench.post_cost --setup          # once: re-create the database, migrate, seed "small"
    python -m bench.post_cost --rounds 20      # min and median per request of each kind, as JSON
    python -m bench.post_cost --requests 200 --only tap   # just run them (under callgrind: see NOTES.md)

Environment as for the bench (BENCH_DATABASE_URL, BENCH_REDIS, BENCH_CACHE_DB, BENCH_BROKER_DB).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

FORM = "application/x-www-form-urlencoded"
KINDS = ("insert", "tap", "story")
PATHS = {"insert": "/bench/insert/", "tap": "/c/metoo/metoo/", "story": "/share/"}
EXPECT = {"insert": "200", "tap": "302", "story": "200"}


def _backend_cpu_ns(pid: int) -> int:
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


class Poster:
    """Make the bench's POSTs through the WSGI handler, as a fresh browser each time."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import RequestFactory

        from bench.forms import form_bodies

        self.handler = WSGIHandler()
        self.factory = RequestFactory()
        self.bodies = {kind: form_bodies(kind) for kind in KINDS}
        self.count = 0
        self.cookie, self.token = self._csrf_pair()

    def _call(self, environ) -> tuple[str, list]:
        answer = []
        body = b"".join(self.handler(environ, lambda status, headers: answer.extend((status, headers))))
        return answer[0], answer[1], body

    def _csrf_pair(self) -> tuple[str, str]:
        from bench.driver import CSRF_FIELD

        environ = self.factory.get("/share/").environ
        environ.update({"HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1"})
        status, headers, body = self._call(environ)
        cookie = next(value.strip().split(";", 1)[0].split("=", 1)[1] for name, value in headers
                      if name == "Set-Cookie" and value.strip().startswith("csrftoken="))
        return cookie, CSRF_FIELD.search(body.decode()).group(1)

    def environ(self, kind: str) -> dict:
        from bench.forms import fill

        self.count += 1
        bodies = self.bodies[kind]
        body = fill(bodies[self.count % len(bodies)], self.token)
        environ = self.factory.post(PATHS[kind], data=body, content_type=FORM).environ
        environ.update({
            "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": f"csrftoken={self.cookie}",
            "HTTP_ORIGIN": "http://127.0.0.1", "HTTP_SEC_FETCH_SITE": "same-origin",
        })
        return environ

    def post(self, kind: str) -> None:
        status, _headers, _body = self._call(self.environ(kind))
        if not status.startswith(EXPECT[kind]):
            raise RuntimeError(f"{kind} answered {status}")


def backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def measure(kinds, *, rounds: int, per_round: int) -> dict:
    poster = Poster()
    for kind in kinds:
        for _ in range(20):
            poster.post(kind)
    pid = backend_pid()
    python = {kind: [] for kind in kinds}
    backend = {kind: [] for kind in kinds}
    for _ in range(rounds):
        for kind in kinds:
            environs = [poster.environ(kind) for _ in range(per_round)]
            if backend_pid() != pid:
                raise RuntimeError("the connection changed during the run")
            started, started_backend = time.thread_time(), _backend_cpu_ns(pid)
            for environ in environs:
                status, _headers, _body = poster._call(environ)
            python[kind].append(1000 * (time.thread_time() - started) / per_round)
            backend[kind].append((_backend_cpu_ns(pid) - started_backend) / 1e6 / per_round)
            if not status.startswith(EXPECT[kind]):
                raise RuntimeError(f"{kind} answered {status}")
    result = {}
    for kind in kinds:
        result[kind] = {
            "python_min": round(min(python[kind]), 3), "python_median": round(statistics.median(python[kind]), 3),
            "backend_min": round(min(backend[kind]), 3), "backend_median": round(statistics.median(backend[kind]), 3),
        }
    if "insert" in kinds:
        base = result["insert"]
        for kind in kinds:
            row = result[kind]
            row["ratio_min"] = round((base["python_min"] + base["backend_min"]) / (row["python_min"] + row["backend_min"]), 3)
            row["ratio_median"] = round((base["python_median"] + base["backend_median"])
                                        / (row["python_median"] + row["backend_median"]), 3)
    return result


def setup() -> None:
    from django.core.management import call_command

    from bench import seeding
    from bench.cli import parse_args
    from bench.machine import flush_redis

    args = parse_args([])
    seeding.recreate_database(args.database_url)
    flush_redis(os.environ["REDIS_URL"])
    flush_redis(os.environ["CELERY_BROKER_URL"])
    seeding.migrate()
    seeding.seed(seeding.SIZES["small"])
    call_command("collectstatic", interactive=False, verbosity=0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.post_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true", help="re-create the database, migrate and seed the small size")
    parser.add_argument("--only", default=",".join(KINDS), help="comma-separated: insert, tap, story")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=100)
    parser.add_argument("--requests", type=int, default=0,
                        help="only make this many requests of each kind after 20 to warm up, and print nothing else")
    args = parser.parse_args(argv)

    from bench.cli import bench_environment, parse_args

    os.environ.update({**bench_environment(parse_args([])), "SECRET_KEY": "bench-post-cost-fixed-secret-key-" + "x" * 20})
    import django

    django.setup()
    if args.setup:
        setup()
        return 0
    kinds = [kind.strip() for kind in args.only.split(",") if kind.strip()]
    if args.requests:
        poster = Poster()
        for kind in kinds:
            for _ in range(20):
                poster.post(kind)
            for _ in range(args.requests):
                poster.post(kind)
        return 0
    json.dump(measure(kinds, rounds=args.rounds, per_round=args.per_round), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
