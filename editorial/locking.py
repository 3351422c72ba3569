"""No lost edits: an admin change form refuses to overwrite changes it did not show.

The form carries, in a hidden field, the newest history id of the entry when the editor
opened it. Every recorded write (an admin save, an import, a command, a restore) adds a
history record, so a different newest id on save means someone else wrote in between. The
save is then refused: the form comes back with the editor's input kept and a message that
lists what the other editor changed, and it now carries the newest id, so saving again
(after reconciling) goes through.

Inline rows (a company's partnerships on the company's page) take part the same way: each
existing row carries its own loaded version, and a row that someone else changed since the
page was opened refuses the whole save, naming the row and what changed.

The check and the save run in the admin's transaction; on PostgreSQL the entry's row is
locked with `SELECT ... FOR UPDATE` first, so two saves at the same moment are checked one
after the other. SQLite allows one writer at a time and has no row locks to take.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import connections, router

from .history import (
    Versions,
    history_model_for,
    latest_version_id,
    latest_version_ids,
    version_label,
)

VERSION_FIELD = "editorial_loaded_version"


class LoadedVersionField(forms.IntegerField):
    """The hidden version a form was loaded with. Never a change in itself: a row whose
    other fields are as stored is not saved (and gets no history record) because of it."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class VersionCheckFormMixin:
    """Form behaviour: on save, refuse if the entry changed since the version loaded."""

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get(VERSION_FIELD)
        model = type(self.instance)
        lock_entry(model, self.instance.pk)
        latest = latest_version_id(model, self.instance.pk)
        if latest is not None and loaded != latest:
            # Show the newest version from now on: saving again means "I have seen it".
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = latest
            raise ValidationError(self.conflict_messages(model, loaded))
        return cleaned_data

    def conflict_messages(self, model, loaded) -> list[str]:
        return edit_conflict_messages(model, self.instance.pk, loaded)


class LoadedVersionFormMixin(VersionCheckFormMixin):
    """Form behaviour for `EditConflictMixin`: remember the version shown, check it on save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields[VERSION_FIELD].initial = latest_version_id(
                type(self.instance), self.instance.pk
            )


class InlineVersionCheckFormMixin(VersionCheckFormMixin):
    """An inline row: checked only if it exists and this save would write it."""

    def clean(self):
        if self.instance.pk is None or not self.has_changed():
            # A new row, or one this save leaves alone: the form's own checks only.
            return super(VersionCheckFormMixin, self).clean()
        return super().clean()

    def conflict_messages(self, model, loaded) -> list[str]:
        name = f"{model._meta.verbose_name} “{self.instance}”"
        return [f"In the {name}:", *super().conflict_messages(model, loaded)]


class LoadedVersionsFormSetMixin:
    """Gives each existing row of an inline formset its loaded version, in one query."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not self.is_bound and form.instance.pk is not None:
            if not hasattr(self, "_loaded_versions"):
                pks = [row.pk for row in self.get_queryset()]
                self._loaded_versions = latest_version_ids(self.model, pks)
            form.fields[VERSION_FIELD].initial = self._loaded_versions.get(form.instance.pk)
        return form


def lock_entry(model, pk) -> None:
    """Hold the entry's row until the transaction ends, where the database can."""
    using = router.db_for_write(model)
    if connections[using].features.has_select_for_update:
        list(model._base_manager.using(using).select_for_update().filter(pk=pk).values("pk"))


def edit_conflict_messages(model, object_id, loaded_version_id) -> list[str]:
    """Who changed the entry since `loaded_version_id`, and what they changed, in words."""
    history_model = history_model_for(model)
    records = history_model.objects.filter(id=object_id).select_related("history_user")
    newer = list(records.filter(history_id__gt=loaded_version_id or 0).order_by("history_id"))
    loaded = records.filter(history_id=loaded_version_id).first() if loaded_version_id else None
    authors = sorted({str(record.history_user or "an import or command") for record in newer})
    headline = (
        f"{' and '.join(authors) or 'Someone'} changed this entry while you were editing "
        f"(last at {version_label(newer[-1]) if newer else 'an unknown time'}). "
        "Your changes are not saved yet: they are still in the form below."
    )
    if loaded is None or not newer:
        return [headline, "Check the entry's history, then save again to keep your version."]
    versions = Versions(model, [loaded, newer[-1]])
    changes = versions.changes(loaded, newer[-1])
    return [
        headline,
        *(f"They changed {change}" for change in changes),
        "Save again to keep what is in the form now; it replaces their changes.",
    ]


class EditConflictMixin:
    """ModelAdmin mixin: refuse a save that would overwrite someone else's newer changes.

    For models with django-simple-history. Only change forms are checked: a new entry
    cannot have been edited by anyone else yet.
    """

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._checks_edits(request, obj) or VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The hidden field is declared on the form, not on the model: keep the model form
        # factory from looking for it among the model's fields.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self._checks_edits(request, obj):
            return form
        fields = {VERSION_FIELD: LoadedVersionField()}
        return type(form.__name__, (LoadedVersionFormMixin, form), fields)

    def _checks_edits(self, request, obj) -> bool:
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)


class EditConflictInlineMixin:
    """InlineModelAdmin mixin: rows edited on another entry's page are checked the same way.

    For inline models with django-simple-history.
    """

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (None, {"fields": [VERSION_FIELD]})]

    def get_formset(self, request, obj=None, **kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        formset = super().get_formset(request, obj, **kwargs)
        fields = {VERSION_FIELD: LoadedVersionField()}
        form = type(formset.form.__name__, (InlineVersionCheckFormMixin, formset.form), fields)
        return type(formset.__name__, (LoadedVersionsFormSetMixin, formset), {"form": form})
