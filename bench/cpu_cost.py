"""CPU per request, in this process, through Django's WSGI handler: the machine-independent view.

On a shared machine wrk's req/s swing with other people's work; the CPU a
request costs does not. Each endpoint runs through the full middleware stack
(no HTTP parsing, no gunicorn), and its CPU time is compared with the bare
view's: bare CPU ÷ endpoint CPU is the req/s ratio one core would give.
"""

import time

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

FORM = "application/x-www-form-urlencoded"


def _call(handler, environ) -> str:
    statuses = []
    for _chunk in handler(environ, lambda status, headers: statuses.append(status)):
        pass
    return statuses[0]


def measure(requests: list[tuple[str, str, str, str | None, str, int]], *, seconds: float = 2.0) -> dict[str, dict]:
    """requests: (key, method, path, body or None, cookie header, expected status) → {key: cpu figures}."""
    handler = WSGIHandler()
    factory = RequestFactory()

    def environ(method, path, body, cookie):
        request = factory.get(path) if method == "GET" else factory.post(path, data=body, content_type=FORM)
        request.environ.update({"HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1"})
        if cookie:
            request.environ["HTTP_COOKIE"] = cookie
        return request.environ

    results = {}
    for key, method, path, body, cookie, expect in requests:
        def make(method=method, path=path, body=body, cookie=cookie):
            return environ(method, path, body() if callable(body) else body, cookie)

        status = _call(handler, make())
        if not status.startswith(str(expect)):
            results[key] = {"status": f"answered {status}"}
            continue
        for _ in range(3):
            _call(handler, make())
        count, cpu = 0, 0.0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline or count < 5:
            prepared = make()
            started = time.thread_time()
            _call(handler, prepared)
            cpu += time.thread_time() - started
            count += 1
        results[key] = {"status": "ok", "cpu_ms": round(1000 * cpu / count, 3), "requests": count}
    return results
