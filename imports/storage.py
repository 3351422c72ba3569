"""Where an upload waits between its preview and its import: the configured import-export
temporary storage (media storage, shared by every app process and the job workers)."""

from django.conf import settings
from django.utils.module_loading import import_string


def upload_storage(**kwargs):
    return import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)(read_mode="rb", **kwargs)
