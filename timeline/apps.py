from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timeline, outlook and challenges"

    def ready(self):
        # The app registry is ready now.
        from . import promise_summaries, search_index

        promise_summaries.connect_signals(self)
        search_index.connect_signals(self)
