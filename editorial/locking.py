"""No lost edits: an admin change form never overwrites changes it did not show.

The form carries, in a hidden field, the newest history id of the entry when the editor
opened it. Every recorded write (an admin save, an import, a command, a restore) adds a
history record, so a different newest id on save means someone else wrote in between. The
save then does not happen: the form comes back merged with the newest version (see
`editorial.merging`: their changes taken, yours kept, fields you both changed offered side
by side), and it now carries the newest id, so saving it again writes the merge.

Inline rows (a company's partnerships on the company's page) take part the same way: each
existing row carries its own loaded version and is merged on its own.

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
)
from .merging import VERSION_FIELD, choices_apply, form_merge

__all__ = ["VERSION_FIELD", "EditConflictInlineMixin", "EditConflictMixin"]


class LoadedVersionField(forms.IntegerField):
    """The hidden version a form was loaded with. Never a change in itself: a row whose
    other fields are as stored is not saved (and gets no history record) because of it."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class VersionCheckFormMixin:
    """Form behaviour: on save, merge instead if the entry changed since the version loaded."""

    merge = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices made after an earlier merge go into the data before anything is checked.
        self.unchosen = choices_apply(self) if self.is_bound and self.instance.pk else []

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get(VERSION_FIELD)
        model = type(self.instance)
        lock_entry(model, self.instance.pk)
        latest = latest_version_id(model, self.instance.pk)
        if latest is not None and loaded != latest:
            self.merge = form_merge(self, base_id=loaded, latest_id=latest)
            # The newest version is the base from now on: saving again writes the merge.
            self.data[self.add_prefix(VERSION_FIELD)] = latest
            raise ValidationError(self.conflict_messages(model, loaded))
        if self.unchosen and latest is not None:
            merge = form_merge(self, base_id=None, latest_id=latest, only=self.unchosen)
            if merge.conflicts:  # unless the form now holds their value anyway
                self.merge = merge
                raise ValidationError(
                    "Choose whose value to keep (theirs or yours) for every field you both changed."
                )
        return cleaned_data

    def conflict_messages(self, model, loaded) -> list[str]:
        lines = self.merge.messages()
        return [lines[0], *edit_conflict_messages(model, self.instance.pk, loaded), *lines[1:]]


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
        self.merge.title = f"In the {name}"
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
    """What changed in the entry since `loaded_version_id`, in words, one line per field."""
    history_model = history_model_for(model)
    records = history_model.objects.filter(id=object_id).select_related("history_user")
    newer = records.filter(history_id__gt=loaded_version_id or 0).order_by("history_id").last()
    loaded = records.filter(history_id=loaded_version_id).first() if loaded_version_id else None
    if loaded is None or newer is None:
        return ["The version you started from is unknown: every difference is offered."]
    changes = Versions(model, [loaded, newer]).changes(loaded, newer)
    return [f"They changed {change}" for change in changes]


class EditConflictMixin:
    """ModelAdmin mixin: merge a save that would overwrite someone else's newer changes.

    For models with django-simple-history. Only change forms are checked: a new entry
    cannot have been edited by anyone else yet. The merged form lists the fields both
    editors changed (`edit_merges` in the template context, shown by
    `editorial/_merge.html`).
    """

    def render_change_form(self, request, context, *args, **kwargs):
        forms = [context["adminform"].form] if "adminform" in context else []
        for inline in context.get("inline_admin_formsets", []):
            forms += inline.formset.forms
        context["edit_merges"] = [
            form.merge for form in forms if getattr(form, "merge", None) is not None
        ]
        return super().render_change_form(request, context, *args, **kwargs)

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
