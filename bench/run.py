"""The whole benchmark, in order: screening speed, then per size seed → (lag) → serve → load → live.

The pieces: bench/cli.py (command line, environment), bench/machine.py (versions, other
people's load), bench/forms.py (POST bodies), bench/measurer.py (wrk between yardstick
slices), bench/endpoints.py (what is measured), bench/layers.py (the middleware's cost),
bench/nginx.py (the proxy in front), bench/report.py (results.md).
"""

import datetime
import json
import sys
import time
from dataclasses import asdict

from bench import driver, report
from bench.cli import DATA_DIR, NOTES_PATH, bench_environment, log, parse_args
from bench.endpoints import BARE_PATH, BARE_PROJECT_KEYS, ENDPOINT_BY_KEY, ENDPOINTS, FORM_PAGE, Endpoint
from bench.forms import fill, form_bodies, post_headers, write_form_files
from bench.machine import flush_redis, machine_info, note_other_load
from bench.measurer import Measurer, staff_cookie


def cpu_costs(deep_path: str, pairs, session_cookie: str) -> dict:
    """CPU per request in this process for every endpoint, and its ratio to the yardstick's."""

    from bench import cpu_cost

    cookie, token = pairs[0]
    csrf = f"csrftoken={cookie}"
    requests = []
    for endpoint in ENDPOINTS:
        path = deep_path if endpoint.key == "stories_deep" else endpoint.path
        body = (lambda form=endpoint.form: fill(form_bodies(form)[0], token)) if endpoint.method == "POST" else None
        staff = staff_cookie(session_cookie, cookie) if endpoint.staff else ""
        requests.append((endpoint.key, endpoint.method, path, body, csrf if body else staff, endpoint.expect))
    costs = cpu_cost.measure(requests)
    for endpoint in ENDPOINTS:
        base, row = costs.get(endpoint.yardstick or ""), costs[endpoint.key]
        if endpoint.yardstick and row.get("status") == "ok" and base and base.get("status") == "ok":
            row["ratio"] = round(base["cpu_ms"] / row["cpu_ms"], 3)
    return costs


def live_check(port: int, pairs, trials: int = 3) -> dict:
    """Tap, then poll /api/v1/counts and / until each shows it; return how long each took."""
    import re

    from django.conf import settings

    big_number = re.compile(r'data-live="total-voices">([\d,.\s ]+)<')

    def counts_total():
        answer = driver.request(port, "GET", "/api/v1/counts")
        return json.loads(answer.body)["total"]["voices"] if answer.status == 200 else None

    def home_total():
        answer = driver.request(port, "GET", "/")
        match = big_number.search(answer.body) if answer.status == 200 else None
        return int(re.sub(r"\D", "", match.group(1))) if match else None

    if counts_total() is None or home_total() is None:
        return {"status": "not available (/api/v1/counts or the big number on /)"}
    seconds = {"counts": [], "home": []}
    for trial in range(trials):
        cookie, _token = pairs[-1 - trial]
        before = {"counts": counts_total(), "home": home_total()}
        answer = driver.request(port, "POST", "/c/metoo/metoo/", headers=post_headers(cookie, port), body=form_bodies("tap")[0])
        if answer.status != 302:
            return {"status": f"error: tap answered {answer.status}"}
        tapped = time.monotonic()
        pending = {"counts": counts_total, "home": home_total}
        while pending:
            for name, read in list(pending.items()):
                if read() > before[name]:
                    seconds[name].append(round(time.monotonic() - tapped, 2))
                    del pending[name]
            if time.monotonic() - tapped > 30:
                return {"status": f"{', '.join(pending)} did not change within 30 s"}
            time.sleep(0.05)
    worst = max(max(seconds["counts"]), max(seconds["home"]))
    return {"seconds": seconds["counts"], "home_seconds": seconds["home"], "max_s": worst,
            "cache_seconds": settings.WALL_CACHE_SECONDS, "anonymous_cache_seconds": settings.ANONYMOUS_CACHE_SECONDS}


def selected(args, endpoint: Endpoint) -> bool:
    return not args.only or endpoint.key in args.only


def measure_against_bare_project(name, args, env, measurer, progress) -> dict:
    """The four wall GETs again, each between two slices of a bare Django project on its own gunicorn."""
    from bench import server

    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare_project.settings"}
    bare_server = server.start(bare_env, DATA_DIR / f"gunicorn-bare-project-{name}.log", ready_path=BARE_PATH)
    try:
        yardstick = measurer.target(ENDPOINT_BY_KEY["bare"], port=bare_server.port, key="bare_project",
                                    label="GET bare Django project, no middleware (yardstick)")
        members = [measurer.target(ENDPOINT_BY_KEY[key]) for key in BARE_PROJECT_KEYS if selected(args, ENDPOINT_BY_KEY[key])]
        return measurer.group(yardstick, members, progress, yardstick_name="bare project")
    finally:
        bare_server.stop()


def measure_through_nginx(name, gunicorn_port: int, measurer, progress) -> dict:
    """GET / through nginx's micro-cache, between two slices of nginx serving the same bytes from a file."""
    from bench import nginx

    home = driver.request(gunicorn_port, "GET", "/")
    try:
        proxy = nginx.start(DATA_DIR / f"nginx-{name}", upstream_port=gunicorn_port, static_body=home.body.encode())
    except (OSError, RuntimeError) as error:
        return {"nginx_static": {"label": "GET a static file from nginx (yardstick)", "status": f"not available: {error}"}}
    try:
        static = Endpoint("nginx_static", "GET a static file from nginx (yardstick)", nginx.STATIC_PATH, yardstick="")
        cached = Endpoint("nginx_home", "GET / through the nginx micro-cache", "/", yardstick="nginx_static")
        return measurer.group(measurer.target(static, port=proxy.port), [measurer.target(cached, port=proxy.port)], progress,
                              yardstick_name="nginx static")
    finally:
        proxy.stop()


def run_size(name: str, args, env: dict, results: dict) -> dict:
    from bench import layers, queue_lag, seeding, server

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
        pairs = driver.fetch_csrf_pairs(gunicorn.port, FORM_PAGE, args.csrf_pairs)
        files = write_form_files(DATA_DIR, pairs)
        deep_path, outcome["deep_pages"] = driver.follow_next_links(gunicorn.port, "/stories/", args.deep_pages)
        measurer = Measurer(port=gunicorn.port, args=args, files=files, pairs=pairs, session_cookie=session_cookie)

        def progress(label, row):
            log(f"{name}:   {label}: {row.get('status', 'ok')} {row.get('rps', '')} req/s p50 {row.get('p50_ms', '')} ms "
                f"p99 {row.get('p99_ms', '')} ms errors {row.get('errors', '')}")

        for yardstick_key in ("bare", "insert"):
            yardstick = ENDPOINT_BY_KEY[yardstick_key]
            members = []
            for endpoint in ENDPOINTS:
                if endpoint.yardstick != yardstick_key or not selected(args, endpoint):
                    continue
                if endpoint.key == "stories_deep" and not outcome["deep_pages"]:
                    outcome["endpoints"][endpoint.key] = {"label": endpoint.label, "status": "not available (no next link)"}
                    continue
                members.append(measurer.target(endpoint, deep_path if endpoint.key == "stories_deep" else endpoint.path))
            log(f"{name}: {yardstick.label} and {len(members)} endpoints")
            outcome["endpoints"].update(measurer.group(measurer.target(yardstick), members, progress))
        if name == report.TARGET_SIZE:
            log(f"{name}: the wall's GETs against a bare Django project")
            outcome["bare_project"] = measure_against_bare_project(name, args, env, measurer, progress)
            if not args.skip_nginx:
                log(f"{name}: through nginx")
                outcome["nginx"] = measure_through_nginx(name, gunicorn.port, measurer, progress)
        outcome["cpu"] = cpu_costs(deep_path, pairs, session_cookie)
        log(f"{name}: CPU per request {outcome['cpu']}")
        outcome["layers"] = layers.measure()
        log(f"{name}: middleware layers {outcome['layers']}")
        outcome["live"] = live_check(gunicorn.port, pairs)
        log(f"{name}: live {outcome['live']}")
    finally:
        gunicorn.stop()
        flush_redis(env["CELERY_BROKER_URL"])
    return outcome


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
    import os

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
        "anonymous_cache_seconds": settings.ANONYMOUS_CACHE_SECONDS,
    }}
    note_other_load(results, "start")
    log("collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.skip_screening:
        log("screening throughput")
        from bench import screening_speed

        results["screening"] = screening_speed.measure()
        log(f"screening: {results['screening']}")
        results["crisis_check"] = screening_speed.measure_crisis_check()
        log(f"crisis check in the request: {results['crisis_check']}")
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
