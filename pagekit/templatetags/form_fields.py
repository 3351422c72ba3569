"""Helpers for writing form fields out by hand in templates."""

from django import template

register = template.Library()


@register.filter
def choices_of(bound_field) -> list[tuple]:
    """A field's choices as a list: one pass over them (one query for a model choice field)."""
    return list(iter(bound_field.field.choices))
