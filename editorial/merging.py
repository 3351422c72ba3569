"""Merge, never lose: a save over someone else's newer version is merged into the form.

Three versions meet when a change form is saved after someone else wrote the entry: the
version the form was loaded with (the base), the newest version (theirs: another editor,
an import, a restore or a command; they all add a history record) and the form as posted
(yours). Field by field:

- changed only in theirs: the form takes their value;
- changed only in yours, or the same change in both: the form keeps yours;
- changed differently in both: a conflict, shown side by side with a choice per field.

Nothing is written on that pass: the form comes back merged, carrying the newest version as
its base, so saving it can never undo a change it did not show. The choices travel with the
form (`editorial_conflicts` names the fields, `editorial_keep_<field>` holds "theirs" or
"yours") and are applied when the form is posted again, before it is checked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst

from .history import (
    EMPTY,
    Versions,
    compared_fields,
    history_model_for,
    names_of,
    version_label,
    with_related,
)
from .word_diff import is_long_text

VERSION_FIELD = "editorial_loaded_version"
CONFLICTS_FIELD = "editorial_conflicts"
KEEP_FIELD = "editorial_keep_"
THEIRS, YOURS = "theirs", "yours"


@dataclass(frozen=True)
class Conflict:
    """A field both editors changed differently: their value and yours, in words."""

    name: str
    label: str
    theirs: str
    yours: str
    key: str  # the radio button's name in the posted form

    @property
    def long(self) -> bool:
        """Long texts also get their differences word by word."""
        return is_long_text(self.theirs, self.yours)


@dataclass
class Merge:
    """What merging a posted form with the newest version did, for the editor to read."""

    title: str  # "" for the entry itself, "In the partnership …" for an inline row
    authors: list[str]
    when: str
    taken: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    conflicts_key: str = CONFLICTS_FIELD

    def messages(self) -> list[str]:
        lines = [
            f"{' and '.join(self.authors) or 'Someone'} changed this entry while you were "
            f"editing (last at {self.when}). Nothing is saved yet: the form below merges "
            "their version with yours."
        ]
        if self.taken:
            lines.append("Taken from their version: " + ", ".join(self.taken) + ".")
        if self.conflicts:
            names = ", ".join(conflict.label for conflict in self.conflicts)
            lines.append(f"Both of you changed {names}: choose whose value to keep above.")
        lines.append("Check the form, then save to keep the merged version.")
        return lines


def merged_fields(form) -> list[models.Field]:
    """The model fields the form edits and history records: the ones a merge looks at."""
    return [f for f in compared_fields(type(form.instance)) if f.name in form.fields]


def form_merge(form, *, base_id: int | None, latest_id: int, only=None) -> Merge:
    """Merge the posted `form` with version `latest_id`, from the version `base_id` it was
    loaded with (None: unknown, so every difference is a conflict). Rewrites the form's data."""
    model = type(form.instance)
    records = with_related(
        history_model_for(model).objects.filter(
            id=form.instance.pk, history_id__in=[i for i in (base_id, latest_id) if i]
        )
    )
    by_id = {record.history_id: record for record in records}
    versions = Versions(model, by_id.values())
    theirs_record, base_record = by_id[latest_id], by_id.get(base_id)
    # Who wrote since the base; with no base known, who wrote the newest version.
    newer = history_model_for(model).objects.filter(
        id=form.instance.pk, history_id__gt=base_id or latest_id - 1, history_id__lte=latest_id
    )
    authors = sorted(
        {str(record.history_user or "an import or command") for record in with_related(newer)}
    )
    merge = Merge("", authors, version_label(theirs_record), conflicts_key=_key(form, None))
    form.data = form.data.copy()
    for model_field in merged_fields(form):
        if only is not None and model_field.name not in only:
            continue
        theirs = version_value(versions, theirs_record, model_field)
        if base_record is not None:
            base = version_value(versions, base_record, model_field)
            if not values_differ(base, theirs):
                continue  # theirs left it alone: yours stands
            if not posted_differs(form, model_field.name, base):
                put_value(form, model_field.name, theirs)
                merge.taken.append(capfirst(model_field.verbose_name))
                continue
        if posted_differs(form, model_field.name, theirs):
            merge.conflicts.append(_conflict(form, model_field, theirs))
    form.data[_key(form, None)] = ",".join(conflict.name for conflict in merge.conflicts)
    return merge


def _key(form, name: str | None) -> str:
    return form.add_prefix(CONFLICTS_FIELD if name is None else KEEP_FIELD + name)


def _conflict(form, model_field, theirs) -> Conflict:
    return Conflict(
        name=model_field.name,
        label=capfirst(model_field.verbose_name),
        theirs=value_words(model_field, theirs, stored=True),
        yours=posted_words(form, model_field),
        key=_key(form, model_field.name),
    )


def choices_apply(form) -> list[str]:
    """Apply the choices posted for the fields of an earlier conflict; names left unchosen.

    "theirs" puts back the value of the version the form was merged against (its base now),
    so if yet another version arrived since, the next merge sees the field as unchanged by
    this editor and takes the newest value.
    """
    posted = form.data.get(_key(form, None), "")
    names = [name for name in posted.split(",") if name in form.fields]
    if not names:
        return []
    base_id = form.data.get(form.add_prefix(VERSION_FIELD), "")
    record = None
    if base_id.isdigit():
        history = with_related(history_model_for(type(form.instance)).objects)
        record = history.filter(id=form.instance.pk, history_id=int(base_id)).first()
    form.data = form.data.copy()
    unchosen = []
    fields = {f.name: f for f in merged_fields(form)}
    for name in names:
        choice = form.data.get(_key(form, name))
        if choice == THEIRS and record is not None:
            versions = Versions(type(form.instance), [record])
            put_value(form, name, version_value(versions, record, fields[name]))
        elif choice != YOURS:
            unchosen.append(name)
    return unchosen


def version_value(versions: Versions, record, model_field):
    """A field's value in a version, shaped as a model form's initial value."""
    if model_field.many_to_many:
        return sorted(versions.related_ids(record, model_field.name))
    return getattr(record, model_field.attname)


def _normal(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(str(item) for item in value)
    return "" if value is None else value


def values_differ(first, second) -> bool:
    return _normal(first) != _normal(second)


def posted_differs(form, name: str, value) -> bool:
    """Whether the form as posted holds something else than `value` in field `name`."""
    data = form[name].data
    if isinstance(data, str):
        data = data.replace("\r\n", "\n")
    return form.fields[name].has_changed(_normal(value) if isinstance(value, str) else value, data)


def put_value(form, name: str, value) -> None:
    """Write `value` into the form's (mutable) data as a browser would post it."""
    form_field = form.fields[name]
    widget = getattr(form_field.widget, "widget", form_field.widget)  # admin wrappers
    key = form.add_prefix(name)
    prepared = form_field.prepare_value(value)
    if isinstance(widget, forms.MultiWidget):
        for suffix, part in zip(widget.widgets_names, widget.decompress(prepared), strict=False):
            form.data[key + suffix] = "" if part is None else str(part)
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
    elif isinstance(prepared, list | tuple | set | frozenset):
        form.data.setlist(key, [str(item) for item in prepared])
    else:
        form.data[key] = "" if prepared is None else str(prepared)


def value_words(model_field, value, *, stored: bool) -> str:
    """A value as an editor reads it: names for related entries, labels for choices."""
    if model_field.many_to_many:
        if stored:
            value = names_of(model_field.related_model, value).values()
        return ", ".join(sorted(str(item) for item in value)) or EMPTY
    if value is None or value == "":
        return EMPTY
    if model_field.many_to_one:
        return str(value) if not stored else names_of(model_field.related_model, [value])[value]
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return format_date(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, datetime.date):
        return format_date(value, "j M Y")
    return str(value)


def posted_words(form, model_field) -> str:
    """The posted value of a field in words, or as typed if it does not validate."""
    bound = form[model_field.name]
    try:
        value = form.fields[model_field.name].clean(bound.data)
    except forms.ValidationError:
        data = bound.data
        return ", ".join(data) if isinstance(data, list) else str(data or EMPTY)
    return value_words(model_field, value, stored=False)
