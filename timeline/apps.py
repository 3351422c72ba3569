from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timeline, outlook and challenges"

    def ready(self):
        from .promise_summaries import connect_signals  # the app registry is ready now

        connect_signals(self)
