"""The middleware stack's own cost, layer by layer: CPU of the bare view under each prefix of MIDDLEWARE.

In this process, through Django's WSGI handler, with the CPU clock (other people's load does
not move it). Layer k's cost is the bare view's CPU with the first k middleware minus with the
first k - 1; "none" is the bare view with no middleware at all. An anonymous GET, as a reader's.
"""

import time

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory, override_settings

from bench.endpoints import BARE_PATH


def _cpu_per_request(handler, make_environ, seconds: float) -> float:
    def call():
        for _chunk in handler(make_environ(), lambda status, headers: None):
            pass

    for _ in range(20):
        call()
    count, cpu = 0, 0.0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or count < 50:
        started = time.thread_time()
        call()
        cpu += time.thread_time() - started
        count += 1
    return 1000 * cpu / count


def measure(*, seconds: float = 1.0, path: str = BARE_PATH) -> list[dict]:
    """Return [{"layer", "cpu_ms" (with every layer down to it), "cost_ms" (its own)}], outermost first."""
    from django.conf import settings

    factory = RequestFactory()

    def make_environ():
        environ = factory.get(path).environ
        environ.update({"HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1"})
        return environ

    stack = list(settings.MIDDLEWARE)
    handlers = []
    for count in range(len(stack) + 1):
        with override_settings(MIDDLEWARE=stack[:count]):
            handlers.append(WSGIHandler())
    # Three rounds over every prefix, the least CPU of each kept: what the code costs when
    # nothing else (a page fault, a cache miss from someone else's process) adds to it.
    cpus = [min(samples) for samples in zip(*(
        [_cpu_per_request(handler, make_environ, seconds / 3) for handler in handlers] for _round in range(3)
    ), strict=True)]
    rows, previous = [], None
    for count, cpu in enumerate(cpus):
        layer = stack[count - 1] if count else "none (the view alone)"
        rows.append({"layer": layer, "cpu_ms": round(cpu, 3), "cost_ms": round(cpu - previous, 3) if previous is not None else round(cpu, 3)})
        previous = cpu
    return rows
