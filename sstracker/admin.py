"""Releases in the admin: publish one by naming it; after that it can only be read."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from .models import Release
from .releases import release_name_problem, release_publish


class ReleaseAddForm(forms.ModelForm):
    class Meta:
        model = Release
        fields = ["name"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if problem := release_name_problem(name):
            raise forms.ValidationError(problem)
        return name


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["name", "created", "data_as_of", "size", "sha256", "download"]
    readonly_fields = ["name", "created", "data_as_of", "previous", "size", "sha256", "download"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("archive").select_related("previous")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReleaseAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else ["name"]

    def has_change_permission(self, request, obj=None):
        return False  # a release never changes

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        built = release_publish(name=obj.name, site_url=request.build_absolute_uri("/"))
        for model_field in Release._meta.concrete_fields:
            setattr(obj, model_field.attname, getattr(built, model_field.attname))
        obj._state.adding = False

    @admin.display(description="download")
    def download(self, release):
        return format_html('<a href="{}">{}</a>', release.get_absolute_url(), release.filename)
