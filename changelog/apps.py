from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "changelog"
    verbose_name = "Public changelog"
