"""The whole benchmark, in order: screening speed, then per size seed → (lag) → serve → load → live."""

import argparse
import datetime
import json
import os
import platform
import secrets
import statistics
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import driver, report

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "bench" / ".data"
RESULTS_PATH = BASE_DIR / "bench" / "results.md"
NOTES_PATH = BASE_DIR / "bench" / "NOTES.md"
BARE_PATH = "/bench/bare/"
INSERT_PATH = "/bench/insert/"
TAP_PAGE = "/c/metoo/"
HIGH_RATE = "1000000000/h"  # rate limits still run (and cost what they cost); they just never refuse


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    path: str
    method: str = "GET"
    yardstick: str = "bare"  # what its req/s is divided by; "" for the yardsticks themselves
    form: str = ""  # the POST body family: "insert", "tap" or "story"
    expect: int = 200
    staff: bool = False


ENDPOINTS = [
    Endpoint("bare", "GET bare view (yardstick)", BARE_PATH, yardstick=""),
    Endpoint("counts", "GET /api/v1/counts", "/api/v1/counts"),
    Endpoint("badge", "GET /badge/metoo.svg", "/badge/metoo.svg"),
    Endpoint("home", "GET /", "/"),
    Endpoint("stories_first", "GET /stories/ (first page)", "/stories/"),
    Endpoint("stories_deep", "GET /stories/ (deep cursor page)", "/stories/"),
    Endpoint("moderation", "GET /moderation/ (moderator, large queue)", "/moderation/", staff=True),
    Endpoint("insert", "POST bare INSERT view (yardstick)", INSERT_PATH, method="POST", yardstick="", form="insert"),
    Endpoint("tap", "POST /c/metoo/metoo/ (tap)", "/c/metoo/metoo/", method="POST", yardstick="insert", form="tap", expect=302),
    Endpoint("story", "POST /share/ (story)", "/share/", method="POST", yardstick="insert", form="story"),
]
ENDPOINT_BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Seed PostgreSQL at two sizes, serve Chorus with gunicorn and Redis, drive load with wrk and write "
            "bench/results.md: req/s, p50 and p99 of the wall, the count API and posting, each as a ratio to a bare "
            "Django view served by the same server in the same run; screening throughput; submit-to-queue lag."
        ),
    )
    parser.add_argument("--sizes", default="small,large", help="comma-separated: small (10k voices), large (1M voices)")
    parser.add_argument("--seconds", type=float, default=10, help="measured seconds per endpoint (default 10)")
    parser.add_argument("--warmup", type=float, default=3, help="warm-up seconds per endpoint (default 3)")
    parser.add_argument("--yardstick-seconds", type=float, default=5,
                        help="seconds of each yardstick slice, taken before and after every endpoint (default 5)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--only", default="", help="comma-separated endpoint keys to measure (default: all)")
    parser.add_argument("--deep-pages", type=int, default=40, help="how many “Older stories” links to follow")
    parser.add_argument("--csrf-pairs", type=int, default=200, help="fresh browsers (CSRF cookie + token) to rotate")
    parser.add_argument("--skip-screening", action="store_true")
    parser.add_argument("--skip-lag", action="store_true")
    parser.add_argument("--lag-rate", type=float, default=50)
    parser.add_argument("--lag-seconds", type=float, default=10)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chorus_bench"),
                        help="the bench's own database; it is dropped and re-created (env BENCH_DATABASE_URL)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379"), help="Redis server (env BENCH_REDIS)")
    parser.add_argument("--cache-db", type=int, default=7, help="Redis database for the cache (flushed)")
    parser.add_argument("--broker-db", type=int, default=8, help="Redis database for the Celery broker (flushed)")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH)
    parser.add_argument("--render-only", action="store_true",
                        help="only rewrite the output from the last run's bench/.data/results.json and bench/NOTES.md")
    args = parser.parse_args(argv)
    args.sizes = [name.strip() for name in args.sizes.split(",") if name.strip()]
    args.only = {key.strip() for key in args.only.split(",") if key.strip()}
    return args


def bench_environment(args) -> dict[str, str]:
    """The environment of every process of the run: production settings, pointed at bench services."""
    env = dict(os.environ)
    for name in ("DATABASE_REPLICA_URL", "DJANGO_DEBUG", "SECURE_SSL_REDIRECT"):
        env.pop(name, None)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": f"{args.redis}/{args.cache_db}",
        "CELERY_BROKER_URL": f"{args.redis}/{args.broker_db}",
        "DJANGO_DEBUG": "0",
        "CHORUS_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "RATE_LIMIT_TAPS": HIGH_RATE,
        "RATE_LIMIT_STORIES": HIGH_RATE,
        "RATE_LIMIT_KEY_TRIES": HIGH_RATE,
        "RATE_LIMIT_FLAGS": HIGH_RATE,
    })
    return env


def log(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def machine_info() -> dict:
    import django
    import gunicorn
    import redis
    from django.conf import settings
    from django.db import connection

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        memory_kib = 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0].split()[0]
    redis_version = redis.Redis.from_url(settings.CELERY_BROKER_URL).info("server").get("redis_version", "?")
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kib / 1024 / 1024) if memory_kib else "?",
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgresql,
        "gunicorn": gunicorn.__version__,
        "redis": redis_version,
        "wrk": driver.wrk_version(),
        "idle_cpu_busy": [],
    }


def cpu_busy(seconds: float = 2.0) -> float:
    """Return the share of all cores busy over the next `seconds` (from /proc/stat)."""

    def sample():
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    try:
        busy_before, total_before = sample()
        time.sleep(seconds)
        busy_after, total_after = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    return (busy_after - busy_before) / max(1, total_after - total_before)


def note_other_load(results: dict, when: str) -> None:
    """Record how busy the machine is while the bench itself is idle; over 25 % means others are working."""
    busy = cpu_busy()
    results["machine"]["idle_cpu_busy"].append((when, round(busy, 2)))
    if busy > 0.25:
        results["machine"]["shared"] = True


# --- Form bodies -----------------------------------------------------------------------------------


def form_bodies(kind: str) -> list[str]:
    """Return url-encoded form templates ({TOKEN}, {NONCE} filled in per request by the Lua script)."""
    from bench.texts import story_texts

    quote = urllib.parse.quote_plus
    if kind == "insert":
        return ["csrfmiddlewaretoken={TOKEN}"]
    if kind == "tap":
        contexts = [
            "kind=harassment&setting=workplace&age_group=25plus&relation=authority&told_before=no&gender=woman",
            "kind=&setting=&age_group=&relation=&told_before=&gender=",
            "kind=assault&setting=home&age_group=13-17&relation=family&told_before=&gender=",
            "kind=both&setting=school&age_group=18-24&relation=acquaintance&told_before=yes&gender=man",
        ]
        return [f"csrfmiddlewaretoken={{TOKEN}}&website=&{context}" for context in contexts]
    texts = story_texts(300, 5, seed=7) + story_texts(1000, 4, seed=7) + story_texts(2000, 1, seed=7)
    return [
        f"csrfmiddlewaretoken={{TOKEN}}&campaign=metoo&text={quote(text)}&anonymity=anonymous&display_name="
        f"&submission={{NONCE}}&website=&kind=harassment&setting=workplace&age_group=&relation=&told_before=&gender="
        for text in texts
    ]


def fill(body: str, token: str) -> str:
    return body.replace("{TOKEN}", token).replace("{NONCE}", secrets.token_urlsafe(12))


def post_headers(cookie: str) -> dict[str, str]:
    return {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}


# --- Measuring ---------------------------------------------------------------------------------------


def written_rows(form: str) -> int:
    from bench.models import YardstickRow
    from stories.models import Story, Tap

    return {"insert": YardstickRow, "tap": Tap, "story": Story}[form].objects.count()


def precheck(endpoint: Endpoint, *, port: int, path: str, headers: dict, files: dict, pairs) -> str:
    """Make one request as the load will; return "ok", "not available" or what went wrong."""
    if endpoint.method == "GET":
        answer = driver.request(port, "GET", path, headers=headers)
    else:
        cookie, token = pairs[0]
        answer = driver.request(port, "POST", path, headers=post_headers(cookie), body=fill(files[endpoint.form + "_first"], token))
    if answer.status == 404:
        return "not available"
    if answer.status != endpoint.expect:
        return f"error: answered {answer.status}, expected {endpoint.expect}"
    return "ok"


class Measurer:
    """Run wrk against one server; yardstick slices are taken between the endpoints, so each
    endpoint is compared with the yardstick measured just before and just after it."""

    def __init__(self, *, port: int, args, files: dict, pairs, session_cookie: str):
        from django.conf import settings

        self.port, self.args, self.files, self.pairs = port, args, files, pairs
        self.staff_headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie}"}

    def run(self, endpoint: Endpoint, path: str, seconds: float) -> driver.LoadResult:
        headers = self.staff_headers if endpoint.staff else {}
        post_files = (self.files["pairs"], self.files[endpoint.form]) if endpoint.method == "POST" else None
        result = driver.run_wrk(
            f"http://127.0.0.1:{self.port}{path}", seconds=seconds, connections=self.args.connections,
            threads=self.args.threads, headers=headers, post_files=post_files,
        )
        self.drain()
        return result

    def drain(self) -> None:
        """Wait until the server has worked off what wrk left queued when it stopped.

        gunicorn still answers requests accepted before wrk hung up; without this the next
        measurement would pay for the previous one's slow pages.
        """
        with ThreadPoolExecutor(max_workers=self.args.connections) as pool:
            list(pool.map(lambda _n: driver.request(self.port, "GET", BARE_PATH), range(self.args.connections)))

    def check(self, endpoint: Endpoint, path: str) -> str:
        headers = self.staff_headers if endpoint.staff else {}
        return precheck(endpoint, port=self.port, path=path, headers=headers, files=self.files, pairs=self.pairs)

    def group(self, yardstick: Endpoint, members: list[tuple[Endpoint, str]], report_progress) -> dict:
        """Measure the yardstick, then each member followed by another yardstick slice."""
        rows = {}
        status = self.check(yardstick, yardstick.path)
        if status != "ok":
            rows[yardstick.key] = {"label": yardstick.label, "status": status}
            return rows
        slices = []
        yardstick_before = written_rows(yardstick.form) if yardstick.form else None
        warm_requests = self.run(yardstick, yardstick.path, self.args.warmup).requests
        before = self.run(yardstick, yardstick.path, self.args.yardstick_seconds)
        slices.append(before)
        report_progress(yardstick.label, before.as_dict())
        for endpoint, path in members:
            status = self.check(endpoint, path)
            if status != "ok":
                rows[endpoint.key] = {"label": endpoint.label, "status": status}
                report_progress(endpoint.label, {"status": status})
                continue
            rows_before = written_rows(endpoint.form) if endpoint.form else None
            warm = self.run(endpoint, path, self.args.warmup)
            load = self.run(endpoint, path, self.args.seconds)
            rows_after = written_rows(endpoint.form) if endpoint.form else None
            after = self.run(yardstick, yardstick.path, self.args.yardstick_seconds)
            slices.append(after)
            adjacent = (before.rps + after.rps) / 2
            if not adjacent:
                rows[endpoint.key] = {"label": endpoint.label, "status": "error: the yardstick around it measured 0 req/s"}
                before = after
                continue
            row = {"label": endpoint.label, "status": "ok", "path": path, **load.as_dict(),
                   "yardstick_rps": round(adjacent, 1), "ratio": round(load.rps / adjacent, 3),
                   "yardstick": "bare view" if yardstick.key == "bare" else "bare INSERT"}
            if rows_before is not None:
                row["rows_written"] = rows_after - rows_before
                row["requests_total"] = warm.requests + load.requests
            rows[endpoint.key] = row
            report_progress(endpoint.label, row)
            report_progress(yardstick.label, after.as_dict())
            before = after
        total_requests = sum(piece.requests for piece in slices)
        total_seconds = sum(piece.seconds for piece in slices)
        row = {
            "label": yardstick.label, "status": "ok", "path": yardstick.path, "slices": len(slices),
            "requests": total_requests, "seconds": round(total_seconds, 2),
            "rps": round(total_requests / total_seconds, 1) if total_seconds else 0.0,
            "rps_min": round(min(piece.rps for piece in slices), 1), "rps_max": round(max(piece.rps for piece in slices), 1),
            "p50_ms": statistics.median(piece.p50_ms for piece in slices),
            "p99_ms": statistics.median(piece.p99_ms for piece in slices),
            "errors": sum(piece.errors for piece in slices),
        }
        if yardstick_before is not None:
            row["rows_written"] = written_rows(yardstick.form) - yardstick_before
            # The rows of the last slice may still be committing when wrk stops counting.
            row["requests_total"] = warm_requests + total_requests
        return {yardstick.key: row, **rows}


def cpu_costs(deep_path: str, pairs, session_cookie: str) -> dict:
    """CPU per request in this process for every endpoint, and its ratio to the yardstick's."""
    from django.conf import settings

    from bench import cpu_cost

    cookie, token = pairs[0]
    csrf = f"csrftoken={cookie}"
    requests = []
    for endpoint in ENDPOINTS:
        path = deep_path if endpoint.key == "stories_deep" else endpoint.path
        body = (lambda form=endpoint.form: fill(form_bodies(form)[0], token)) if endpoint.method == "POST" else None
        staff = f"{settings.SESSION_COOKIE_NAME}={session_cookie}" if endpoint.staff else ""
        requests.append((endpoint.key, endpoint.method, path, body, csrf if body else staff, endpoint.expect))
    costs = cpu_cost.measure(requests)
    for endpoint in ENDPOINTS:
        base, row = costs.get(endpoint.yardstick or ""), costs[endpoint.key]
        if endpoint.yardstick and row.get("status") == "ok" and base and base.get("status") == "ok":
            row["ratio"] = round(base["cpu_ms"] / row["cpu_ms"], 3)
    return costs


def live_check(port: int, pairs, trials: int = 3) -> dict:
    """Tap, then poll /api/v1/counts until the total moves; return how long each took."""
    from django.conf import settings

    def total_voices():
        answer = driver.request(port, "GET", "/api/v1/counts")
        if answer.status != 200:
            return None
        return json.loads(answer.body)["total"]["voices"]

    if total_voices() is None:
        return {"status": "not available (/api/v1/counts)"}
    seconds = []
    for trial in range(trials):
        cookie, token = pairs[-1 - trial]
        before = total_voices()
        answer = driver.request(port, "POST", "/c/metoo/metoo/", headers=post_headers(cookie),
                                body=fill(form_bodies("tap")[0], token))
        if answer.status != 302:
            return {"status": f"error: tap answered {answer.status}"}
        tapped = time.monotonic()
        while total_voices() <= before:
            if time.monotonic() - tapped > 30:
                return {"status": "the count did not change within 30 s"}
            time.sleep(0.05)
        seconds.append(round(time.monotonic() - tapped, 2))
    return {"seconds": seconds, "max_s": max(seconds), "cache_seconds": settings.WALL_CACHE_SECONDS}


def run_size(name: str, args, env: dict, results: dict) -> dict:
    from bench import queue_lag, seeding, server

    size = seeding.SIZES[name]
    outcome: dict = {"size": asdict(size), "endpoints": {}}
    log(f"{name}: re-creating the database and migrating")
    seeding.recreate_database(args.database_url)
    flush_redis(env["REDIS_URL"])
    flush_redis(env["CELERY_BROKER_URL"])
    started = time.perf_counter()
    seeding.migrate()
    outcome["migrate_seconds"] = round(time.perf_counter() - started, 2)
    log(f"{name}: seeding {size.voices:,} voices, {size.published:,} published and {size.pending:,} pending stories")
    outcome["seeding"] = seeding.seed(size)
    log(f"{name}: seeded in {outcome['seeding']['seed_seconds']:.1f} s")
    session_cookie = seeding.create_moderator()

    if name == report.TARGET_SIZE and not args.skip_lag:
        log(f"{name}: submit → queue lag at {args.lag_rate:.0f} stories/s for {args.lag_seconds:.0f} s through a real worker")
        try:
            results["lag"] = {**queue_lag.measure(env, DATA_DIR / "worker.log", rate=args.lag_rate, seconds=args.lag_seconds), "size": name}
        except RuntimeError as error:
            results["lag"] = {"status": f"error: {error}"}
        log(f"lag: {results['lag']}")
        flush_redis(env["CELERY_BROKER_URL"])

    log(f"{name}: starting gunicorn")
    note_other_load(results, f"{name}, before load")
    gunicorn = server.start(env, DATA_DIR / f"gunicorn-{name}.log", ready_path=BARE_PATH)
    results["run"]["gunicorn_config"] = gunicorn.config_source
    try:
        pairs = driver.fetch_csrf_pairs(gunicorn.port, TAP_PAGE, args.csrf_pairs)
        files = write_form_files(pairs)
        deep_path, outcome["deep_pages"] = driver.follow_next_links(gunicorn.port, "/stories/", args.deep_pages)
        measurer = Measurer(port=gunicorn.port, args=args, files=files, pairs=pairs, session_cookie=session_cookie)

        def progress(label, row):
            log(f"{name}:   {label}: {row.get('status', 'ok')} {row.get('rps', '')} req/s p50 {row.get('p50_ms', '')} ms "
                f"p99 {row.get('p99_ms', '')} ms errors {row.get('errors', '')}")

        for yardstick_key in ("bare", "insert"):
            yardstick = ENDPOINT_BY_KEY[yardstick_key]
            members = []
            for endpoint in ENDPOINTS:
                if endpoint.yardstick != yardstick_key or (args.only and endpoint.key not in args.only):
                    continue
                if endpoint.key == "stories_deep" and not outcome["deep_pages"]:
                    outcome["endpoints"][endpoint.key] = {"label": endpoint.label, "status": "not available (no next link)"}
                    continue
                members.append((endpoint, deep_path if endpoint.key == "stories_deep" else endpoint.path))
            log(f"{name}: {yardstick.label} and {len(members)} endpoints")
            outcome["endpoints"].update(measurer.group(yardstick, members, progress))
        outcome["cpu"] = cpu_costs(deep_path, pairs, session_cookie)
        log(f"{name}: CPU per request {outcome['cpu']}")
        outcome["live"] = live_check(gunicorn.port, pairs)
        log(f"{name}: live {outcome['live']}")
    finally:
        gunicorn.stop()
        flush_redis(env["CELERY_BROKER_URL"])
    return outcome


def write_form_files(pairs) -> dict:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    files = {"pairs": DATA_DIR / "csrf-pairs.tsv"}
    files["pairs"].write_text("".join(f"{cookie}\t{token}\n" for cookie, token in pairs))
    for kind in ("insert", "tap", "story"):
        bodies = form_bodies(kind)
        files[kind] = DATA_DIR / f"bodies-{kind}.txt"
        files[kind].write_text("\n".join(bodies) + "\n")
        files[kind + "_first"] = bodies[0]
    return files


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.render_only:
        results = json.loads((DATA_DIR / "results.json").read_text())
        notes = NOTES_PATH.read_text() if NOTES_PATH.exists() else ""
        args.output.write_text(report.render(results, notes=notes))
        log(f"wrote {args.output} from {DATA_DIR / 'results.json'}")
        return 0
    unknown = [name for name in args.sizes if name not in ("small", "large")]
    if unknown:
        sys.exit(f"unknown size {unknown[0]!r}: use small and/or large")
    driver.wrk_path()  # fail early, with how to install it
    env = bench_environment(args)
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench import seeding

    began = time.perf_counter()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # A first database to connect to, so that versions can be read before the first size.
    seeding.recreate_database(args.database_url)
    results: dict = {"machine": machine_info(), "sizes": {}, "run": {
        "connections": args.connections, "threads": args.threads, "seconds": args.seconds, "warmup": args.warmup,
        "yardstick_seconds": args.yardstick_seconds,
        "wall_cache_seconds": settings.WALL_CACHE_SECONDS,
    }}
    note_other_load(results, "start")
    log("collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.skip_screening:
        log("screening throughput")
        from bench import screening_speed

        results["screening"] = screening_speed.measure()
        log(f"screening: {results['screening']}")
    for name in args.sizes:
        results["sizes"][name] = run_size(name, args, env, results)
    results["finished_at"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["duration_seconds"] = round(time.perf_counter() - began, 1)
    (DATA_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str))
    notes = NOTES_PATH.read_text() if NOTES_PATH.exists() else ""
    markdown = report.render(results, notes=notes)
    args.output.write_text(markdown)
    print(markdown)
    log(f"wrote {args.output} in {results['duration_seconds'] / 60:.1f} minutes")
    return 0
