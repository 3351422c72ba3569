from django.apps import AppConfig, apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def content_changed(sender, **kwargs):
    from . import bump_content_version

    if sender._meta.app_label in settings.PAGECACHE_CONTENT_APPS:
        # Now, and again after the commit: a page rendered between the change and its commit
        # reads the old rows and must not count as current once the change is visible.
        bump_content_version()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(bump_content_version)


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        for model in apps.get_models():
            if model._meta.app_label in settings.PAGECACHE_CONTENT_APPS:
                post_save.connect(content_changed, sender=model, dispatch_uid=f"pc-save-{model}")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"pc-del-{model}")
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        content_changed,
                        sender=field.remote_field.through,
                        dispatch_uid=f"pc-m2m-{model}-{field.name}",
                    )
