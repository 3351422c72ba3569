"""Public pages that need nothing but companies: who works with whom.

Pages about companies that draw on the timeline too (the directory with its event counts, a
company's profile, the scorecards, the bibliography) live above both apps, in
`sstracker.company_pages`.
"""

from django.views.generic import ListView

from .models import Partnership


class PartnershipListView(ListView):
    queryset = Partnership.objects.public()
    paginate_by = 100
