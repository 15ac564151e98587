from django import template

from stories import support

register = template.Library()


@register.simple_tag
def crisis_resources():
    """{% crisis_resources as lines %}: the crisis lines, the visitor's language first."""
    return support.crisis_resources()


@register.simple_tag
def support_resources(crisis=True):
    """{% support_resources crisis=False as lines %}: the support lines, the visitor's language first."""
    return support.support_resources(crisis=crisis)
