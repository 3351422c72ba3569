"""An admin site with the editorial pages on two content models, for testing them on their own.

The project's admin wires the same mixins in; these tests do not depend on how it does.
"""

from django.contrib.admin import AdminSite
from django.urls import path

from companies.models import Company
from editorial.admin import EditorialAdmin
from sstracker.urls import urlpatterns as site_urlpatterns
from timeline.models import Event

site = AdminSite(name="admin")


class EventAdmin(EditorialAdmin):
    fields = [
        "title",
        "slug",
        "companies",
        "date",
        "kind",
        "stage",
        "chemistry",
        "status",
        "announced",
        "summary",
        "sources",
        "published",
        "last_verified",
    ]


class CompanyAdmin(EditorialAdmin):
    search_fields = ["name"]


site.register(Event, EventAdmin)
site.register(Company, CompanyAdmin)

# The public pages stay, for the links and error pages the admin renders.
urlpatterns = [
    path("admin/", site.urls),
    *(pattern for pattern in site_urlpatterns if getattr(pattern, "app_name", None) != "admin"),
]
