"""Turn a bench run's results into bench/results.md: a table per size and every target, met or MISSED."""

from dataclasses import dataclass

# Issue 16 (the wall at viral scale); the moderator queue's target is issue 10's.
RATIO_TARGETS = {
    "home": 0.90,
    "campaign": 0.90,
    "counts": 0.90,
    "badge": 0.90,
    "stories_first": 0.80,
    "stories_deep": 0.80,
    "tap": 0.70,
    "story": 0.40,
    "moderation": 0.30,
}
# The same wall GETs ÷ a bare Django project (no middleware) under the same gunicorn.
BARE_PROJECT_TARGET = 0.50
# GET / through nginx's micro-cache ÷ nginx serving a static file.
NGINX_TARGET = 0.50
# Each GET endpoint's p99 on the large data set may be at most this many times its p99 on the small one.
P99_GROWTH_MAX = 1.20
GET_ENDPOINTS = ("home", "campaign", "counts", "badge", "stories_first", "stories_deep", "moderation")
SCREENING_LENGTH = 1000
SCREENING_MIN_PER_SECOND = 300
# Issue 14: the crisis check runs in the share request before the confirmation page renders.
CRISIS_CHECK_LENGTH = 2000
CRISIS_CHECK_MAX_P99_MS = 5
LAG_P99_MAX_SECONDS = 2.0
SEED_MAX_SECONDS = 60
TARGET_SIZE = "large"


@dataclass(frozen=True)
class Verdict:
    figure: str
    target: str
    measured: str
    met: bool | None  # None: not measured

    @property
    def mark(self) -> str:
        return {True: "met", False: "**MISSED**", None: "not measured"}[self.met]


def _ratio(row: dict | None) -> float | None:
    return row.get("ratio") if row and row.get("status") == "ok" else None


def verdicts(results: dict) -> list[Verdict]:
    """Check every target of issues 10 and 16 against the results."""
    sizes = results.get("sizes", {})
    large = sizes.get(TARGET_SIZE, {})
    small = sizes.get("small", {})
    endpoints = large.get("endpoints", {})
    rows = []
    for key, target in RATIO_TARGETS.items():
        row = endpoints.get(key)
        ratio = _ratio(row)
        label = row["label"] if row else key
        yardstick = "bare INSERT view" if key in ("tap", "story") else "bare view"
        rows.append(Verdict(
            f"{label} req/s ÷ {yardstick}", f"≥ {target:.2f}",
            f"{ratio:.2f}" if ratio is not None else (row or {}).get("status", "not measured"),
            None if ratio is None else ratio >= target,
        ))
    bare_project = large.get("bare_project", {})
    for key, row in bare_project.items():
        if key == "bare_project":
            continue
        ratio = _ratio(row)
        rows.append(Verdict(f"{row['label']} req/s ÷ bare Django project (no middleware)", f"≥ {BARE_PROJECT_TARGET:.2f}",
                            f"{ratio:.2f}" if ratio is not None else row.get("status", "not measured"),
                            None if ratio is None else ratio >= BARE_PROJECT_TARGET))
    nginx = large.get("nginx", {}).get("nginx_home")
    ratio = _ratio(nginx)
    rows.append(Verdict("GET / through the nginx micro-cache req/s ÷ nginx serving a static file", f"≥ {NGINX_TARGET:.2f}",
                        f"{ratio:.2f}" if ratio is not None else (nginx or large.get("nginx", {}).get("nginx_static") or {}).get("status", "not measured"),
                        None if ratio is None else ratio >= NGINX_TARGET))
    for key in GET_ENDPOINTS:
        big, little = endpoints.get(key), small.get("endpoints", {}).get(key)
        label = (big or little or {}).get("label", key)
        if big and little and big.get("status") == little.get("status") == "ok" and little["p99_ms"]:
            growth = big["p99_ms"] / little["p99_ms"]
            rows.append(Verdict(f"p99 large ÷ small, {label}", f"≤ {P99_GROWTH_MAX:.2f}",
                                f"{growth:.2f} ({big['p99_ms']:.1f} / {little['p99_ms']:.1f} ms)", growth <= P99_GROWTH_MAX))
        else:
            rows.append(Verdict(f"p99 large ÷ small, {label}", f"≤ {P99_GROWTH_MAX:.2f}", "not measured", None))
    screening = {row["length"]: row for row in results.get("screening", [])}
    row = screening.get(SCREENING_LENGTH)
    if row:
        window = row["with_window"]
        rate = window.get("per_cpu_second", window["per_second"])
        rows.append(Verdict(
            f"screening, {SCREENING_LENGTH:,}-char story, per worker process (as the worker calls it; per CPU second)",
            f"≥ {SCREENING_MIN_PER_SECOND} stories/s",
            f"{rate:,.0f} stories/s (alone: {row['alone'].get('per_cpu_second', row['alone']['per_second']):,.0f})",
            rate >= SCREENING_MIN_PER_SECOND,
        ))
    else:
        rows.append(Verdict(f"screening, {SCREENING_LENGTH:,}-char story", f"≥ {SCREENING_MIN_PER_SECOND} stories/s", "not measured", None))
    crisis = results.get("crisis_check")
    label = f"crisis check in the request, {CRISIS_CHECK_LENGTH:,}-char story, p99 (CPU clock)"
    if crisis and crisis.get("length") == CRISIS_CHECK_LENGTH:
        p99 = crisis.get("cpu_p99_ms", crisis["p99_ms"])
        rows.append(Verdict(label, f"≤ {CRISIS_CHECK_MAX_P99_MS} ms", f"{p99:.2f} ms (wall clock {crisis['p99_ms']:.2f} ms)",
                            p99 <= CRISIS_CHECK_MAX_P99_MS))
    else:
        rows.append(Verdict(label, f"≤ {CRISIS_CHECK_MAX_P99_MS} ms", "not measured", None))
    lag = results.get("lag")
    if lag and "p99_s" in lag:
        met = lag["p99_s"] <= LAG_P99_MAX_SECONDS and lag["in_queue"] == lag["stories"]
        rows.append(Verdict(f"submit → in queue lag at {lag['rate_asked']:.0f} stories/s, p99", f"≤ {LAG_P99_MAX_SECONDS:.0f} s",
                            f"{lag['p99_s']:.2f} s", met))
    else:
        rows.append(Verdict("submit → in queue lag, p99", f"≤ {LAG_P99_MAX_SECONDS:.0f} s", (lag or {}).get("status", "not measured"), None))
    seeding = large.get("seeding")
    if seeding:
        voices = large["size"]["voices"]
        rows.append(Verdict(
            f"seeding {voices:,} voices (+ {large['size']['published']:,} published and {large['size']['pending']:,} pending stories, counters reconciled)",
            f"≤ {SEED_MAX_SECONDS} s", f"{seeding['seed_seconds']:.1f} s", seeding["seed_seconds"] <= SEED_MAX_SECONDS,
        ))
    else:
        rows.append(Verdict("seeding 1M voices", f"≤ {SEED_MAX_SECONDS} s", "not measured", None))
    live = large.get("live") or small.get("live")
    if live and "max_s" in live:
        limit = live["cache_seconds"] + 1
        where = "/api/v1/counts and /" if "home_seconds" in live else "/api/v1/counts"
        rows.append(Verdict(f"live: a tap shows in {where} within", f"≤ {limit} s (WALL_CACHE_SECONDS {live['cache_seconds']} + 1)",
                            f"{live['max_s']:.2f} s (worst of {len(live['seconds'])} taps)", live["max_s"] <= limit))
    return rows


def _number(value, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def endpoint_table(size_result: dict) -> list[str]:
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | errors | yardstick req/s around it | ratio | target | | CPU ms/request in-process | CPU ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    cpu = size_result.get("cpu", {})
    for key, row in size_result.get("endpoints", {}).items():
        cost = cpu.get(key, {})
        cpu_text = f"{cost['cpu_ms']:.2f}" if cost.get("status") == "ok" else cost.get("status", "")
        cpu_ratio = f"{cost['ratio']:.2f}" if "ratio" in cost else ("yardstick" if cost.get("status") == "ok" else "")
        target = RATIO_TARGETS.get(key)
        target_text = f"≥ {target:.2f}" if target else ""
        if row.get("status") != "ok":
            lines.append(f"| {row['label']} | {row.get('status')} | | | | | | {target_text} | | {cpu_text} | {cpu_ratio} |")
            continue
        errors = f"{row['errors']:,}" if row["errors"] else "0"
        ratio = row.get("ratio")
        if ratio is None:
            around = f"{row.get('slices', 1)} slices, {_number(row.get('rps_min', row['rps']))}–{_number(row.get('rps_max', row['rps']))}"
            ratio_text, mark = "yardstick", ""
        else:
            around = f"{_number(row['yardstick_rps'])} ({row['yardstick']})"
            ratio_text = f"{ratio:.2f}"
            mark = ("met" if ratio >= target else "**MISSED**") if target else ""
        lines.append(
            f"| {row['label']} | {_number(row['rps'])} | {_number(row['p50_ms'], 2)} | {_number(row['p99_ms'], 2)} "
            f"| {errors} | {around} | {ratio_text} | {target_text} | {mark} | {cpu_text} | {cpu_ratio} |"
        )
    return lines


def extra_table(rows: dict, target: float) -> list[str]:
    lines = ["| endpoint | req/s | p50 ms | p99 ms | errors | yardstick req/s around it | ratio | target | |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows.values():
        if row.get("status") != "ok":
            lines.append(f"| {row['label']} | {row.get('status')} | | | | | | | |")
            continue
        if row.get("ratio") is None:
            around = f"{row.get('slices', 1)} slices, {_number(row.get('rps_min', row['rps']))}–{_number(row.get('rps_max', row['rps']))}"
            lines.append(f"| {row['label']} | {_number(row['rps'])} | {_number(row['p50_ms'], 2)} | {_number(row['p99_ms'], 2)} "
                         f"| {row['errors']:,} | {around} | yardstick | | |")
            continue
        mark = "met" if row["ratio"] >= target else "**MISSED**"
        lines.append(f"| {row['label']} | {_number(row['rps'])} | {_number(row['p50_ms'], 2)} | {_number(row['p99_ms'], 2)} "
                     f"| {row['errors']:,} | {_number(row['yardstick_rps'])} ({row['yardstick']}) | {row['ratio']:.2f} "
                     f"| ≥ {target:.2f} | {mark} |")
    return lines


def render(results: dict, notes: str = "") -> str:
    """Return the Markdown of bench/results.md."""
    machine = results.get("machine", {})
    run = results.get("run", {})
    out = ["# Benchmark results", ""]
    out.append(
        f"Produced by `make bench` (`python -m bench`) on {results.get('finished_at', '?')} in "
        f"{results.get('duration_seconds', 0) / 60:.1f} minutes. Regenerate it with the same command; "
        "targets are ratios measured in the same run (issues 10 and 16)."
    )
    out += ["", "## Machine", ""]
    out.append(f"- {machine.get('cores', '?')} cores ({machine.get('cpu', '?')}), {machine.get('memory_gib', '?')} GiB RAM")
    out.append(
        f"- Python {machine.get('python', '?')}, Django {machine.get('django', '?')}, PostgreSQL {machine.get('postgresql', '?')}, "
        f"gunicorn {machine.get('gunicorn', '?')}, Redis {machine.get('redis', '?')}, {machine.get('wrk', 'wrk')}"
    )
    out.append(
        f"- gunicorn: {run.get('gunicorn_config', '?')}; load from wrk, {run.get('connections', '?')} connections, "
        f"{run.get('threads', '?')} threads, {run.get('warmup', '?')} s warm-up then {run.get('seconds', '?')} s per endpoint; "
        f"cache: Redis; WALL_CACHE_SECONDS = {run.get('wall_cache_seconds', '?')}, "
        f"ANONYMOUS_CACHE_SECONDS = {run.get('anonymous_cache_seconds', '?')}; nginx {machine.get('nginx', '?')}"
    )
    out.append(
        f"- Each endpoint is measured between two {run.get('yardstick_seconds', '?')} s slices of its yardstick (the bare view "
        "for GETs, the bare INSERT view for POSTs) on the same server, and its ratio is to the mean of those two slices, "
        "so a change in the machine's load during the run affects both sides alike. p50/p99 of a yardstick row are the "
        "medians over its slices."
    )
    out.append(
        "- *CPU ms/request in-process*: the same requests through Django's WSGI handler in the bench process (full "
        "middleware, no HTTP, no gunicorn), timed with the thread's CPU clock, so other people's load does not move "
        "it; *CPU ratio* = the yardstick's CPU ÷ the endpoint's, the req/s ratio one core would give before gunicorn's "
        "own per-request cost (which narrows every gap)."
    )
    busy = machine.get("idle_cpu_busy", [])
    if busy:
        samples = ", ".join(f"{when} {share:.0%}" for when, share in busy)
        out.append(f"- CPU busy with other work while the bench itself was idle (2 s samples): {samples}")
    if machine.get("shared"):
        out.append(
            "- **Shared machine:** other engineers' processes were using the CPU during this run, so absolute "
            "figures are lower and noisier than on an idle machine; the ratios were measured in the same run "
            "and suffer less."
        )

    out += ["", "## Targets (large data set)", "", "| figure | target | measured | |", "|---|---|---|---|"]
    for verdict in verdicts(results):
        out.append(f"| {verdict.figure} | {verdict.target} | {verdict.measured} | {verdict.mark} |")

    for name, size_result in results.get("sizes", {}).items():
        size = size_result["size"]
        out += ["", f"## {name.title()}: {size['voices']:,} voices, {size['published']:,} published stories, "
                    f"{size['pending']:,} pending in the moderation queue", ""]
        seeding = size_result.get("seeding")
        if seeding:
            out.append(
                f"Seeding (COPY): {seeding['seed_seconds']:.1f} s for voices, stories and counters "
                f"({seeding.get('seed_cpu_seconds', 0):.1f} s of it CPU in the seeding process); "
                f"{seeding['queue_seconds']:.1f} s for the Review rows ({seeding['reviews']:,} pending, one per published story in the done lane); "
                f"{seeding['analyze_seconds']:.1f} s for VACUUM ANALYZE (migrations: {size_result.get('migrate_seconds', 0):.1f} s)."
            )
            out.append("")
        if size_result.get("deep_pages") is not None:
            out.append(f"The deep stories page is reached by following “Older stories” {size_result['deep_pages']} times.")
            out.append("")
        out += endpoint_table(size_result)
        written = [
            f"{row['label']}: {row['rows_written']:,} rows for {row['requests_total']:,} responses"
            for row in size_result.get("endpoints", {}).values() if row.get("rows_written") is not None
        ]
        if written:
            out += ["", "Writes checked in the database (warm-up included; rows may exceed responses by up to two "
                        "connections' worth, the requests in flight when wrk stopped): " + "; ".join(written) + "."]
        for section, title, target in (
            ("bare_project", "Against a bare Django project (no apps, no middleware, same gunicorn configuration, same run)",
             BARE_PROJECT_TARGET),
            ("nginx", "Through nginx (deploy/nginx/ micro-cache) against nginx serving the same bytes from a file", NGINX_TARGET),
        ):
            if size_result.get(section):
                out += ["", f"### {title}", ""] + extra_table(size_result[section], target)
        layers = size_result.get("layers")
        if layers:
            out += ["", "### The middleware's own cost, per layer (CPU of the bare view in-process, an anonymous GET)", "",
                    "| layer (outermost first) | CPU ms with the layers down to it | its own cost, ms |", "|---|---:|---:|"]
            for row in layers:
                out.append(f"| `{row['layer']}` | {row['cpu_ms']:.3f} | {row['cost_ms']:+.3f} |")
        live = size_result.get("live")
        if live and "max_s" in live:
            home = f"; / showed it within {', '.join(f'{s:.2f}' for s in live['home_seconds'])} s" if "home_seconds" in live else ""
            out += ["", f"Live: after a tap, /api/v1/counts showed it within {', '.join(f'{s:.2f}' for s in live['seconds'])} s{home} "
                        f"(WALL_CACHE_SECONDS = {live['cache_seconds']}, ANONYMOUS_CACHE_SECONDS = {live.get('anonymous_cache_seconds', '?')})."]
        elif live:
            out += ["", f"Live: {live.get('status')}"]

    screening = results.get("screening")
    if screening:
        out += ["", "## Screening throughput (one process, no broker)", "",
                "`moderation.screening.screen_text` on realistic testimonies. *Alone*: the text only. *As the worker "
                "calls it*: with the 300 recent stories it compares for duplicates and the flood count "
                "(`moderation.services.screen_story_by_id`), without the database.", "",
                "Stories/s are given per CPU second of the process (what it does with a core to itself) and, in "
                "brackets, per wall-clock second on this machine.", "",
                "| characters | alone: stories/s | p50 ms | p99 ms | as the worker calls it: stories/s | p50 ms | p99 ms |",
                "|---:|---:|---:|---:|---:|---:|---:|"]
        for row in screening:
            a, w = row["alone"], row["with_window"]
            out.append(f"| {row['length']:,} | {a.get('per_cpu_second', 0):,.0f} ({a['per_second']:,.0f}) | {a['p50_ms']:.2f} "
                       f"| {a['p99_ms']:.2f} | {w.get('per_cpu_second', 0):,.0f} ({w['per_second']:,.0f}) | {w['p50_ms']:.2f} "
                       f"| {w['p99_ms']:.2f} |")
    lag = results.get("lag")
    if lag:
        out += ["", "## Submit → in the moderation queue, through a real worker", ""]
        if "p99_s" in lag:
            out.append(
                f"`stories.services.submit_story` at {lag['rate_asked']:.0f} stories/s (achieved {lag['rate_achieved']:.1f}) "
                f"for {lag['stories']:,} stories of 300–2,000 characters, one `celery worker -Q screening -P solo` process "
                f"on the {lag.get('size', TARGET_SIZE)} data set: p50 {lag['p50_s']:.2f} s, p99 {lag['p99_s']:.2f} s, "
                f"max {lag['max_s']:.2f} s; {lag['in_queue']:,} of {lag['stories']:,} in the queue "
                f"{lag['seconds_to_drain']:.1f} s after the first submit."
                + (f" The worker used {lag['worker_cpu_ms_per_story']:.1f} ms of CPU per story (from /proc: its own"
                   " clock, which other people's load moves less than the lag); 50 stories/s on one process needs"
                   " under 20 ms." if lag.get("worker_cpu_ms_per_story") else "")
                + " The lag is measured from the moment `submit_story` returned in the bench process to"
                " `Review.entered_queue_at`."
            )
        else:
            out.append(lag.get("status", "not measured"))
    if notes.strip():
        out += ["", notes.strip()]
    return "\n".join(out) + "\n"
