"""Run wrk against an endpoint between two slices of its yardstick, and check what it wrote."""

import statistics
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bench import driver
from bench.endpoints import BARE_PATH, Endpoint
from bench.forms import fill, post_headers


@dataclass(frozen=True)
class Target:
    """An endpoint on a given server (gunicorn, the bare project's gunicorn, nginx)."""

    endpoint: Endpoint
    port: int
    path: str
    key: str = ""  # the row's key in the results; the endpoint's by default
    label: str = ""

    @property
    def row_key(self) -> str:
        return self.key or self.endpoint.key

    @property
    def row_label(self) -> str:
        return self.label or self.endpoint.label


def written_rows(form: str) -> int:
    from bench.models import YardstickRow
    from stories.models import Story, Tap

    return {"insert": YardstickRow, "tap": Tap, "story": Story}[form].objects.count()


class Measurer:
    """Run wrk; yardstick slices are taken between the endpoints, so each endpoint is compared
    with the yardstick measured just before and just after it."""

    def __init__(self, *, port: int, args, files: dict, pairs, session_cookie: str):

        self.port, self.args, self.files, self.pairs = port, args, files, pairs
        # A moderator's browser sends the CSRF cookie it was given with its session (without it, every
        # page would mint a new CSRF secret and set it, which no real browser makes a server do).
        self.staff_headers = {"Cookie": staff_cookie(session_cookie, pairs[0][0])}

    def target(self, endpoint: Endpoint, path: str | None = None, **kwargs) -> Target:
        return Target(endpoint, kwargs.pop("port", self.port), path or endpoint.path, **kwargs)

    def run(self, target: Target, seconds: float) -> driver.LoadResult:
        endpoint = target.endpoint
        headers = self.staff_headers if endpoint.staff else {}
        post_files = (self.files["pairs"], self.files[endpoint.form]) if endpoint.method == "POST" else None
        result = driver.run_wrk(
            f"http://127.0.0.1:{target.port}{target.path}", seconds=seconds, connections=self.args.connections,
            threads=self.args.threads, headers=headers, post_files=post_files,
        )
        self.drain(target.port)
        return result

    def drain(self, port: int) -> None:
        """Wait until the server has worked off what wrk left queued when it stopped.

        gunicorn still answers requests accepted before wrk hung up; without this the next
        measurement would pay for the previous one's slow pages.
        """
        with ThreadPoolExecutor(max_workers=self.args.connections) as pool:
            list(pool.map(lambda _n: driver.request(port, "GET", BARE_PATH), range(self.args.connections)))

    def check(self, target: Target) -> str:
        """Make one request as the load will; return "ok", "not available" or what went wrong."""
        endpoint = target.endpoint
        if endpoint.method == "GET":
            answer = driver.request(target.port, "GET", target.path, headers=self.staff_headers if endpoint.staff else {})
        else:
            cookie, token = self.pairs[0]
            answer = driver.request(target.port, "POST", target.path, headers=post_headers(cookie, target.port),
                                    body=fill(self.files[endpoint.form + "_first"], token))
        if answer.status == 404:
            return "not available"
        if answer.status != endpoint.expect:
            return f"error: answered {answer.status}, expected {endpoint.expect}"
        return "ok"

    def group(self, yardstick: Target, members: list[Target], report_progress, *, yardstick_name: str = "") -> dict:
        """Measure the yardstick, then each member followed by another yardstick slice."""
        rows = {}
        name = yardstick_name or ("bare view" if yardstick.endpoint.key == "bare" else "bare INSERT")
        status = self.check(yardstick)
        if status != "ok":
            return {yardstick.row_key: {"label": yardstick.row_label, "status": status}}
        form = yardstick.endpoint.form
        slices = []
        yardstick_before = written_rows(form) if form else None
        warm_requests = self.run(yardstick, self.args.warmup).requests
        before = self.run(yardstick, self.args.yardstick_seconds)
        slices.append(before)
        report_progress(yardstick.row_label, before.as_dict())
        for member in members:
            endpoint = member.endpoint
            status = self.check(member)
            if status != "ok":
                rows[member.row_key] = {"label": member.row_label, "status": status}
                report_progress(member.row_label, {"status": status})
                continue
            rows_before = written_rows(endpoint.form) if endpoint.form else None
            warm = self.run(member, self.args.warmup)
            load = self.run(member, self.args.seconds)
            rows_after = written_rows(endpoint.form) if endpoint.form else None
            after = self.run(yardstick, self.args.yardstick_seconds)
            slices.append(after)
            adjacent = (before.rps + after.rps) / 2
            if not adjacent:
                rows[member.row_key] = {"label": member.row_label, "status": "error: the yardstick around it measured 0 req/s"}
                before = after
                continue
            row = {"label": member.row_label, "status": "ok", "path": member.path, **load.as_dict(),
                   "yardstick_rps": round(adjacent, 1), "ratio": round(load.rps / adjacent, 3), "yardstick": name}
            if rows_before is not None:
                row["rows_written"] = rows_after - rows_before
                row["requests_total"] = warm.requests + load.requests
            rows[member.row_key] = row
            report_progress(member.row_label, row)
            report_progress(yardstick.row_label, after.as_dict())
            before = after
        total_requests = sum(piece.requests for piece in slices)
        total_seconds = sum(piece.seconds for piece in slices)
        row = {
            "label": yardstick.row_label, "status": "ok", "path": yardstick.path, "slices": len(slices),
            "requests": total_requests, "seconds": round(total_seconds, 2),
            "rps": round(total_requests / total_seconds, 1) if total_seconds else 0.0,
            "rps_min": round(min(piece.rps for piece in slices), 1), "rps_max": round(max(piece.rps for piece in slices), 1),
            "p50_ms": statistics.median(piece.p50_ms for piece in slices),
            "p99_ms": statistics.median(piece.p99_ms for piece in slices),
            "errors": sum(piece.errors for piece in slices),
        }
        if yardstick_before is not None:
            row["rows_written"] = written_rows(form) - yardstick_before
            # The rows of the last slice may still be committing when wrk stops counting.
            row["requests_total"] = warm_requests + total_requests
        return {yardstick.row_key: row, **rows}


def staff_cookie(session_cookie: str, csrf_cookie: str) -> str:
    """The Cookie header of the bench's signed-in moderator: the session and the CSRF cookie."""
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={session_cookie}; {settings.CSRF_COOKIE_NAME}={csrf_cookie}"
