"""Fault 4: PostgreSQL drops the application's connections in the middle of a tap burst.

gunicorn serves the real application; clients tap "me too" as fast as they
can while the test terminates every backend of the database over and over
(pg_terminate_backend). A request caught by it is answered 503 "try again
shortly", never 500; a tap and its counter increments are one transaction,
so none is half-saved; once the database is reachable again, taps succeed.
"""

import threading
import time

from django.db import connection

from stories.counters import find_drift
from stories.models import Tap
from tests.crowd import Browser, Client, Report, run_load
from tests.factories import metoo

RETRY_PAGE = "Please try again shortly"


def terminate_other_backends() -> int:
    """Drop every connection to the test database except this one; return how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def tap_burst(url: str, *, clients: int, seconds: float, started: threading.Event) -> Report:
    """Press "me too" as fast as possible: each press a new browser (the form has no token)."""
    report = Report(clients=clients, seconds=seconds)
    form = {"kind": "harassment"}
    deadline = time.monotonic() + seconds

    def press(n: int) -> None:
        client = Client(url, deadline=deadline, mix={"tap": 1}, campaign="metoo", seed=n, timeout=20)
        while time.monotonic() < deadline:
            browser = Browser(client)
            status, _ = browser.request("POST tap", "POST", "/c/metoo/metoo/", form)
            client.accepted["taps"] += status == 302
        report.outcomes.extend(client.outcomes)
        report.accepted.update(client.accepted)
        report.samples.update(client.samples)

    threads = [threading.Thread(target=press, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    started.set()
    for thread in threads:
        thread.join()
    return report


def test_losing_the_database_during_a_tap_burst_answers_503_and_keeps_counts_exact(processes, broker_url):
    metoo()
    web = processes.web(broker=broker_url, RATE_LIMIT_TAPS="1000000/h", workers=2, threads=4)
    burst, started = {}, threading.Event()
    thread = threading.Thread(target=lambda: burst.update(report=tap_burst(web.url, clients=8, seconds=4, started=started)))
    thread.start()
    assert started.wait(30)
    time.sleep(1)
    terminated = 0
    outage_ends = time.monotonic() + 1.5
    while time.monotonic() < outage_ends:
        terminated += terminate_other_backends()
        time.sleep(0.02)
    thread.join()
    report = burst["report"]

    assert terminated > 0
    assert "500" not in report.by_status, report.summary()
    assert set(report.by_status) == {"302", "503"}, report.summary()
    assert report.by_status.get("503", 0) > 0, "no tap met the outage"
    assert report.samples["503"] == RETRY_PAGE

    # Back to normal: pages render and every tap is accepted again.
    after = run_load(web.url, clients=4, seconds=1, mix={"tap": 1})
    assert set(after.by_status) == {"200", "302"}, after.summary()

    # Every accepted tap is saved, with its counters; nothing else is (no partial rows).
    accepted = report.accepted["taps"] + after.accepted["taps"]
    assert Tap.objects.count() == accepted
    assert find_drift() == {}
