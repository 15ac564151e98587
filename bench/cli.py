"""The bench's command line and the environment every process of a run gets."""

import argparse
import datetime
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "bench" / ".data"
RESULTS_PATH = BASE_DIR / "bench" / "results.md"
NOTES_PATH = BASE_DIR / "bench" / "NOTES.md"
HIGH_RATE = "1000000000/h"  # rate limits still run (and cost what they cost); they just never refuse


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Seed PostgreSQL at two sizes, serve Chorus with gunicorn and Redis, drive load with wrk and write "
            "bench/results.md: req/s, p50 and p99 of the wall, the count API and posting, each as a ratio to a bare "
            "Django view served by the same server in the same run (and to a bare Django project, and nginx's micro-"
            "cache to nginx serving a file); the middleware's cost per layer; screening throughput; submit-to-queue lag."
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
    parser.add_argument("--skip-nginx", action="store_true", help="do not measure through nginx")
    parser.add_argument("--lag-rate", type=float, default=50)
    parser.add_argument("--lag-seconds", type=float, default=10)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chorus_bench"),
                        help="the bench's own database; it is dropped and re-created (env BENCH_DATABASE_URL)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379"), help="Redis server (env BENCH_REDIS)")
    parser.add_argument("--cache-db", type=int, default=int(os.environ.get("BENCH_CACHE_DB", 7)),
                        help="Redis database for the cache (flushed; env BENCH_CACHE_DB)")
    parser.add_argument("--broker-db", type=int, default=int(os.environ.get("BENCH_BROKER_DB", 8)),
                        help="Redis database for the Celery broker (flushed; env BENCH_BROKER_DB)")
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
        "TRUSTED_PROXIES": "127.0.0.1",  # nginx, when the run measures through it
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "RATE_LIMIT_TAPS": HIGH_RATE,
        "RATE_LIMIT_STORIES": HIGH_RATE,
        "RATE_LIMIT_KEY_TRIES": HIGH_RATE,
        "RATE_LIMIT_FLAGS": HIGH_RATE,
    })
    return env


def log(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)
