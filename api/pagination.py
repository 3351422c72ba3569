"""Page-number pagination with a stable order.

Every list is ordered by a unique key (ties broken by the primary key), so the same page of
the same query returns the same rows, and walking the pages visits every row once while the
data does not change. `?page=2&page_size=100`; the response carries `count`, `next`,
`previous` and `results`.
"""

from rest_framework.pagination import PageNumberPagination


class StablePageNumberPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_size_query_description = f"Results per page (at most {max_page_size})."
