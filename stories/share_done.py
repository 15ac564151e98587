"""The page that hands a new story its key, from a copy rendered once per language (issue 16).

Rendering stories/share_done.html (the layout, the support list, the key) cost about as much CPU
as the rest of the story POST together. For an anonymous author with a new key and no message
waiting, the page is the same in a language, with or without crisis help, but for two things: the
key and the CSRF token of its "leave no trace" form. So this process renders that page once per
language and crisis help (shown or not) with a placeholder in each of those two places, and every
such response fills them in (the key by rendering stories/story_key.html, the one include that
shows it). Any other case (a signed-in author, a repeated form, a message, a query string)
renders the template. A test holds each copy to the template's own output.

The CSRF token filled in is get_token()'s: the visitor's secret under a fresh mask (so the page's
bytes differ every time, as Django's BREACH protection wants), the mask drawn in one call to the
system's random source instead of Django's 32 (config/csrf_tokens.py).
"""

from django.contrib import messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

from config.csrf_tokens import masked_csrf_token

TEMPLATE = "stories/share_done.html"
KEY_TEMPLATE = "stories/story_key.html"
_KEY = "\x01story-key\x01"
_CSRF = "\x01csrf-token\x01"

# (language, crisis help shown) -> (the page with placeholders, the key include as rendered with the
# placeholder), or None when the page does not have each placeholder exactly once (then the template
# renders every time).
_pages: dict[tuple[str, bool], tuple[str, str] | None] = {}


@receiver(setting_changed, dispatch_uid="stories.share_done.forget_pages")
def forget_pages(**kwargs) -> None:
    """Forget the rendered copies (a setting the layout reads may have changed: tests)."""
    _pages.clear()
    _key_includes.clear()


def _key_context(key: str) -> dict:
    return {"key": key, "key_words": key.split("-") if key != _KEY else [_KEY]}


def _page(request, context: dict) -> tuple[str, str] | None:
    # The template reads of the story only whether crisis help was shown, its author (none here) and,
    # for an author, the anonymity: the language and that yes or no are all that changes the page.
    slot = (get_language(), bool(context["story"].crisis_help_shown))
    if slot not in _pages:
        page = render_to_string(TEMPLATE, {**context, **_key_context(_KEY), "csrf_token": _CSRF}, request=request)
        key_html = render_to_string(KEY_TEMPLATE, _key_context(_KEY))
        once = page.count(key_html) == 1 and page.count(_CSRF) == 1 and page.count(_KEY) == key_html.count(_KEY)
        _pages[slot] = (page, key_html) if once else None
    return _pages[slot]


def _is_the_common_case(request, context: dict) -> bool:
    story = context["story"]
    return bool(
        context["key"]
        and not context["repeated"]
        and story.author_id is None
        and not request.META.get("QUERY_STRING")
        and not request.user.is_authenticated
        and len(messages.get_messages(request)) == 0  # counts them without marking them shown
    )


def render_share_done(request, context: dict) -> HttpResponse:
    """Answer a story POST with its key page: context as the template takes it (story, key, key_words, repeated)."""
    copy = _page(request, context) if _is_the_common_case(request, context) else None
    if copy is None:
        return render(request, TEMPLATE, context)
    page, key_placeholder = copy
    return HttpResponse(page.replace(key_placeholder, _key_html(context["key"])).replace(_CSRF, masked_csrf_token(request)))


# (language, words in the key) -> the key include rendered with a placeholder per word, or None
# when a placeholder does not come out exactly twice (data-key and its word): then it renders.
_key_includes: dict[tuple[str, int], tuple[str, list[str]] | None] = {}


def _word_placeholder(index: int) -> str:
    return f"\x02key-word-{index}\x02"


def _key_html(key: str) -> str:
    """Return stories/story_key.html for key: from a copy per language and length, each word escaped into it."""
    words = key.split("-")
    slot = (get_language(), len(words))
    if slot not in _key_includes:
        placeholders = [_word_placeholder(index) for index in range(len(words))]
        html = render_to_string(KEY_TEMPLATE, {"key": "-".join(placeholders), "key_words": placeholders})
        twice = all(html.count(placeholder) == 2 for placeholder in placeholders) and html.count("\x02") == 4 * len(words)
        _key_includes[slot] = (html, placeholders) if twice else None
    include = _key_includes[slot]
    if include is None:
        return render_to_string(KEY_TEMPLATE, _key_context(key))
    html, placeholders = include
    for placeholder, word in zip(placeholders, words, strict=True):
        html = html.replace(placeholder, escape(word))
    return html
