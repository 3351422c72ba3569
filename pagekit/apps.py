from django.apps import AppConfig


class PageKitConfig(AppConfig):
    name = "pagekit"
    verbose_name = "Public page kit"
