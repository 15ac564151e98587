"""gunicorn settings for Chorus: `gunicorn -c config/gunicorn.py config.wsgi`.

The access log has no client address, no user agent and no referrer, and
gunicorn's own messages are scrubbed of the peer address (it writes
"Invalid request from ip=..." for malformed requests). The proxies whose
X-Forwarded-Proto gunicorn believes are the same TRUSTED_PROXIES that
Django believes for X-Forwarded-For (config/client_address.py).

Environment: GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS
(default 2 × CPUs + 1), GUNICORN_THREADS (default 1), TRUSTED_PROXIES.
"""

import multiprocessing
import re

from gunicorn import glogging

from config.env import env_int, env_list, env_str

bind = env_str("GUNICORN_BIND", "127.0.0.1:8000")
workers = env_int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1, minimum=1)
threads = env_int("GUNICORN_THREADS", 1, minimum=1)
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 20
# Reject absurd request lines and header blocks before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Only these peers may say the request arrived over HTTPS. Nobody, if none is configured.
forwarded_allow_ips = ",".join(env_list("TRUSTED_PROXIES"))
# Never map proxy headers into the WSGI environment beyond gunicorn's defaults.
forwarder_headers = "SCRIPT_NAME,PATH_INFO"

# gunicorn's control socket is off unless an operator asks for one (one path per instance).
control_socket = env_str("GUNICORN_CONTROL_SOCKET")
control_socket_disable = not control_socket
if not control_socket:
    del control_socket

accesslog = env_str("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = env_str("GUNICORN_LOGLEVEL", "info")
# Time, request line, status, size, duration. No %(h)s (address), %(a)s (user agent) or %(f)s (referrer).
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# Atoms that could carry who the client is; emptied even if someone edits the format above.
_IDENTIFYING_ATOMS = ("h", "a", "f", "u")
_IDENTIFYING_HEADER = re.compile(r"^\{(x-forwarded-for|x-real-ip|forwarded|user-agent|referer|remote_addr|http_.*)\}[ie]$")
_PEER_IN_MESSAGE = re.compile(r"\bip=\S+")


class PrivateLogger(glogging.Logger):
    """gunicorn's logger without client addresses or user agents."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in list(atoms):
            if name in _IDENTIFYING_ATOMS or _IDENTIFYING_HEADER.match(name):
                atoms[name] = "-"
        return atoms

    def log(self, lvl, msg, *args, **kwargs):
        super().log(lvl, _scrub(msg), *args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(_scrub(msg), *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(_scrub(msg), *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        super().info(_scrub(msg), *args, **kwargs)

    def debug(self, msg, *args, **kwargs):
        super().debug(_scrub(msg), *args, **kwargs)

    def critical(self, msg, *args, **kwargs):
        super().critical(_scrub(msg), *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(_scrub(msg), *args, **kwargs)


def _scrub(msg):
    return _PEER_IN_MESSAGE.sub("ip=-", msg) if isinstance(msg, str) else msg


logger_class = PrivateLogger
