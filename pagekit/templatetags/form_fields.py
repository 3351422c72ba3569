"""Helpers for writing form fields out by hand in templates."""

from django import template

register = template.Library()


@register.filter
def choices_of(bound_field) -> list[tuple]:
    """A field's options as a list: one pass over them (one query for a model choice field).

    A field may narrow what it offers (for instance to values that match something) with an
    `offered` callable; its choices still decide what is valid.
    """
    offered = getattr(bound_field.field, "offered", None)
    if offered is not None:
        return offered()
    return list(iter(bound_field.field.choices))
