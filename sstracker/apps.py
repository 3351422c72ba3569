"""The project package as an app: its templates, commands and deployment checks."""

from django.apps import AppConfig

from . import checks


class SstrackerConfig(AppConfig):
    name = "sstracker"
    verbose_name = "sstracker"

    def ready(self):
        checks.register()
