"""{% once_per_language %}: keep the finished HTML of a fragment that depends on the language alone.

The staff pages' navigation, shortcut list and filter choices are the same for
every moderator who reads the same language and has the same permissions, and
rendering them through the template engine cost as much as the rest of the
queue page. A fragment inside this tag is rendered once per process for each
language and each value of the variables named after it:

    {% once_per_language "mod-nav" perms.accounts.review_appeals %}…{% endonce_per_language %}

Everything the fragment reads must be static or named in the tag: never a
story, a count, a token, a moderator's name. It is kept in this process's
memory only (never a shared cache), so a deploy starts afresh.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MAX_VARIANTS = 64  # per fragment: languages × permission combinations × choices, a few dozen at most


class OncePerLanguageNode(template.Node):
    def __init__(self, name: str, vary_on: list, nodelist):
        self.name, self.vary_on, self.nodelist = name, vary_on, nodelist
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        key = (get_language(), *(str(variable.resolve(context)) for variable in self.vary_on))
        html = self.rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.rendered) >= MAX_VARIANTS:
                self.rendered.clear()
            self.rendered[key] = html
        return mark_safe(html)  # noqa: S308 -- the nodelist's own output, escaped as it rendered


@register.tag
def once_per_language(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted fragment name first")
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    return OncePerLanguageNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
