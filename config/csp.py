"""django-csp's middleware, with the site-wide policy built once per process (issue 16).

CONTENT_SECURITY_POLICY is static: the same header string on every response that neither
changes it (csp_update / csp_replace / csp decorators) nor uses a nonce. django-csp builds that
string afresh on every response (two dataclass copies and two policy builds: ~0.4 ms of a tap's
~3.6 ms CPU). This subclass keeps the string it built, and hands every response that does change
the policy, or whose request used a nonce, to django-csp unchanged. A changed setting (tests)
forgets the kept string. tests/config/test_csp.py holds the kept header to django-csp's own.
"""

import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view or decorator may set on a response to change its policy (django-csp's own names).
_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)

# [(header, policy string, exempting attribute, excluded path prefixes)] once built, else empty.
_static: list = []


@receiver(setting_changed, dispatch_uid="config.csp.forget_policy")
def forget_policy(**kwargs) -> None:
    _static.clear()


def _static_policies() -> list:
    if not _static:
        for header, name, exempt, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
        ):
            prefixes = tuple((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
            _static.append((header, build_policy(report_only=report_only), exempt, prefixes))
    return _static


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        for header, policy, exempt, prefixes in _static_policies():
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
