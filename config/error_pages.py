"""Error answers a person can read: a page with the quick exit and a way on, never a bare status."""

from django.http import HttpResponseNotAllowed
from django.shortcuts import render


class MethodNotAllowedPageMiddleware:
    """Give Django's empty 405 (require_POST and friends) the errors/405.html page.

    A person who goes Back to, or reopens from history, a URL that only takes a form post
    (e.g. /my-story/withdraw/) sees where they are and where to go. Answers that already
    have a body (the open-data API's JSON 405) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = render(request, "errors/405.html", status=405)
            page["Allow"] = response["Allow"]
            page["Cache-Control"] = "no-store"
            return page
        return response
