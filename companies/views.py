"""Public pages about companies, partnerships and sources."""

from django.views.generic import DetailView, ListView

from .models import Company, Partnership, Source


class CompanyListView(ListView):
    queryset = Company.objects.published()


class CompanyDetailView(DetailView):
    queryset = Company.objects.published().with_sources()


class PartnershipListView(ListView):
    queryset = Partnership.objects.published().for_listing()


class SourceListView(ListView):
    queryset = Source.objects.all()
