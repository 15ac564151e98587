"""Cross-origin protection without a token, for the few anonymous POSTs of cacheable pages.

The wall's pages are the same bytes for every anonymous reader (so they can
be cached: config/anonymous_cache.py, a proxy, a CDN), so the forms on them
cannot carry a per-visitor CSRF token: the "Me too" tap, "I believe you"
and the language switch. These three POSTs are low-stakes, anonymous and
rate-limited; a forged one could at most add one voice, one "I believe
you", or change a visitor's language. They are protected by Fetch Metadata
instead, the algorithm of Go 1.25's CrossOriginProtection, as implemented by
the maintained django-modern-csrf package:

- `Sec-Fetch-Site: same-origin` or `none` (typed, bookmarked) is allowed;
  any other value needs an `Origin` equal to this host (or one of
  CSRF_TRUSTED_ORIGINS);
- without Sec-Fetch-Site (browsers older than 2020), an `Origin` that is
  present must match; a request with neither header is not a browser's
  cross-site form post and is allowed (curl gains nothing it lacked).

Every other POST keeps Django's token CSRF (CsrfViewMiddleware).
"""

from django.views.decorators.csrf import csrf_exempt
from modern_csrf.decorators import csrf_protect as fetch_metadata_protect


def cross_origin_protected(view):
    """Protect `view` by Fetch Metadata instead of Django's per-visitor token."""
    return csrf_exempt(fetch_metadata_protect(view))
