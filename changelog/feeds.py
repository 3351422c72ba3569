"""The changelog as an Atom feed: the latest public changes, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import ChangelogEntry
from .services import changelog_refresh

FEED_LENGTH = 50


class ChangeFeed(Feed):
    feed_type = Atom1Feed
    title = "sstracker: changes to published content"
    subtitle = (
        "Every change to what the tracker publishes: new and withdrawn entries, moved dates "
        "and edited facts, in words."
    )

    def link(self):
        return reverse("changes:list")

    def items(self):
        changelog_refresh()
        return ChangelogEntry.objects.all()[:FEED_LENGTH]

    def item_title(self, entry):
        return entry.text

    def item_description(self, entry):
        # Atom's summary is sent as HTML; the text is plain, so the feed writer's escaping of
        # the title and this plain sentence is all it needs.
        return f"{entry.get_change_display()} · {entry.get_kind_display()}"

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_guid(self, entry):
        return f"change-{entry.history_model}-{entry.history_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.changed

    def item_updateddate(self, entry):
        return entry.changed

    def item_categories(self, entry):
        return [entry.get_kind_display(), entry.get_change_display()]
