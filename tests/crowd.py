"""Drive a running Chorus like a crowd: people tapping "me too", sharing stories, reading the wall.

    python -m tests.crowd --url http://127.0.0.1:8000 --clients 50 --seconds 60

Each client is a thread that, until time runs out, picks an action:
  tap    a new browser (fresh cookie jar) opens a campaign page, then presses "Me too"
         (that form has no CSRF token: Fetch Metadata guards it, config/cross_origin.py);
  story  a new browser opens /share/ and sends a short story;
  read   reads the home page, the stories list or the count API.
Only the standard library is used (threads and http.client), so it runs
anywhere Python does. The server must allow the rate: every client comes
from one address, so raise RATE_LIMIT_TAPS and RATE_LIMIT_STORIES there.

The report (JSON on stdout) gives every request's outcome by status, p50 and
p99 latency overall and per request kind, and how many taps and stories the
server accepted: afterwards the database must hold exactly those, and
`manage.py reconcile_counts --check` must find no drift (docs/reliability.md).
"""

import argparse
import http.client
import json
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_FIELD = re.compile(r'name="submission" value="([^"]*)"')
HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TAGS = re.compile(r"<[^>]+>")
DEFAULT_MIX = {"tap": 5, "story": 1, "read": 4}
READ_PATHS = ("/", "/stories/", "/api/v1/counts")
CONTEXT = {
    "kind": ["", "harassment", "assault", "both", "unsaid"],
    "setting": ["", "workplace", "school", "home", "public", "online"],
    "age_group": ["", "under13", "13-17", "18-24", "25plus"],
    "gender": ["", "woman", "man", "nonbinary"],
}
STORY_OPENINGS = (
    "It happened at work, more than once, and I never told anyone.",
    "At 8, at 12, at 14, at 19. Me too.",
    "He was my manager. I left the job instead of saying anything.",
    "I was at a party with people I trusted. It took me years to call it what it was.",
)


@dataclass
class Outcome:
    kind: str  # e.g. "POST tap"
    status: str  # "200", "503", or "error:ConnectionResetError"
    seconds: float


@dataclass
class Report:
    clients: int
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    accepted: Counter = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)  # status -> heading of one such page

    @property
    def by_status(self) -> dict[str, int]:
        return dict(Counter(o.status for o in self.outcomes))

    def summary(self) -> dict:
        by_kind = defaultdict(list)
        for outcome in self.outcomes:
            by_kind[outcome.kind].append(outcome)
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": len(self.outcomes),
            "requests_per_second": round(len(self.outcomes) / self.seconds, 1) if self.seconds else 0,
            "by_status": dict(sorted(self.by_status.items())),
            "latency_ms": latency(self.outcomes),
            "by_request": {
                kind: {"requests": len(items), "by_status": dict(Counter(o.status for o in items)), **latency(items)}
                for kind, items in sorted(by_kind.items())
            },
            "accepted": dict(self.accepted),
            "samples": self.samples,
        }


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def latency(outcomes: list[Outcome]) -> dict[str, float]:
    values = sorted(o.seconds for o in outcomes)
    return {
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
        "max_ms": round((values[-1] if values else 0) * 1000, 1),
    }


class Browser:
    """One visitor: a cookie jar of its own, over the client's connection."""

    def __init__(self, client: "Client"):
        self.client = client
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Host": self.client.netloc}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.client.origin  # what a browser sends; Django's CSRF check compares it
            headers["Sec-Fetch-Site"] = "same-origin"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        started = time.perf_counter()
        try:
            status, set_cookies, text = self.client.send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            self.client.record(Outcome(kind, f"error:{type(error).__name__}", time.perf_counter() - started))
            return 0, ""
        self.client.record(Outcome(kind, str(status), time.perf_counter() - started))
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if status >= 400:
            self.client.sample(str(status), text)
        return status, text


class Client:
    """One simulated person after another, on one keep-alive connection."""

    def __init__(self, url: str, *, deadline: float, mix: dict[str, int], campaign: str, seed: int, timeout: float):
        parts = urlsplit(url)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port or (443 if self.https else 80)
        self.netloc = parts.netloc
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.deadline, self.campaign, self.timeout = deadline, campaign, timeout
        self.actions, self.weights = list(mix), list(mix.values())
        self.random = random.Random(seed)
        self.connection = None
        self.outcomes: list[Outcome] = []
        self.accepted: Counter = Counter()
        self.samples: dict[str, str] = {}

    def send(self, method, path, body, headers):
        if self.connection is None:
            kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            self.connection = kind(self.host, self.port, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except BaseException:
            self.connection.close()
            self.connection = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.headers.get_all("Set-Cookie") or [], text

    def record(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def sample(self, status: str, text: str) -> None:
        if status not in self.samples:
            heading = HEADING.search(text)
            self.samples[status] = TAGS.sub("", heading.group(1)).strip() if heading else text[:200]

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            action = self.random.choices(self.actions, self.weights)[0]
            getattr(self, action)()
        if self.connection is not None:
            self.connection.close()

    def tap(self) -> None:
        browser = Browser(self)
        status, _page = browser.request("GET campaign", "GET", f"/c/{self.campaign}/")
        if status != 200:
            return
        form = {name: self.random.choice(values) for name, values in CONTEXT.items()}
        status, _ = browser.request("POST tap", "POST", f"/c/{self.campaign}/metoo/", form)
        if status == 302:
            self.accepted["taps"] += 1

    def story(self) -> None:
        browser = Browser(self)
        status, page = browser.request("GET share", "GET", f"/share/?campaign={self.campaign}")
        token, submission = CSRF_FIELD.search(page), SUBMISSION_FIELD.search(page)
        if status != 200 or not token:
            return
        text = f"{self.random.choice(STORY_OPENINGS)} ({self.random.getrandbits(48):x})"
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "campaign": self.campaign,
            "text": text,
            "anonymity": "anonymous",
            "submission": submission.group(1) if submission else "",
        }
        status, page = browser.request("POST story", "POST", "/share/", form)
        if status == 200 and 'id="story-key"' in page:  # the page that shows the new story's key
            self.accepted["stories"] += 1

    def read(self) -> None:
        path = self.random.choice(READ_PATHS)
        Browser(self).request(f"GET {path}", "GET", path)


def run_load(
    url: str,
    *,
    clients: int = 50,
    seconds: float = 60,
    mix: dict[str, int] | None = None,
    campaign: str = "metoo",
    seed: int = 1,
    timeout: float = 30,
) -> Report:
    """Run the crowd against url for the given time and return what happened."""
    started = time.monotonic()
    deadline = started + seconds
    workers = [
        Client(url, deadline=deadline, mix=mix or DEFAULT_MIX, campaign=campaign, seed=seed * 1000 + n, timeout=timeout)
        for n in range(clients)
    ]
    threads = [threading.Thread(target=worker.run, daemon=True) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = Report(clients=clients, seconds=time.monotonic() - started)
    for worker in workers:
        report.outcomes.extend(worker.outcomes)
        report.accepted.update(worker.accepted)
        for status, heading in worker.samples.items():
            report.samples.setdefault(status, heading)
    return report


def parse_mix(text: str) -> dict[str, int]:
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name not in DEFAULT_MIX or not weight.isdigit():
            raise argparse.ArgumentTypeError(f"expected e.g. tap=5,story=1,read=4, not {text!r}")
        mix[name] = int(weight)
    return mix


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--mix", type=parse_mix, default=DEFAULT_MIX, help="weights, e.g. tap=5,story=1,read=4")
    parser.add_argument("--campaign", default="metoo")
    args = parser.parse_args(argv)
    report = run_load(args.url, clients=args.clients, seconds=args.seconds, mix=args.mix, campaign=args.campaign)
    json.dump(report.summary(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    failed = [status for status in report.by_status if status == "500" or status.startswith("error:")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
