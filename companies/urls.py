"""Addresses of the pages this app serves alone; `sstracker.urls` adds them to the `companies`
namespace with the company pages that draw on the timeline."""

from django.urls import path

from . import views

urlpatterns = [
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
]
