"""No admin address answers 500, whatever is put in its path or query, by GET or by POST.

The sweep walks the admin's URL patterns, puts hostile values in every captured parameter
(one at a time, the others valid), and sends each address by GET and by POST with a valid
CSRF token, logged in as an editor. Lists and autocompletes get hostile query strings.
"""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.urls.exceptions import NoReverseMatch

from timeline.models import Event

pytestmark = pytest.mark.django_db

HOSTILE = ["abc", "1.5", "0", "99999999999999999999", "9" * 400, "\x00", "<script>", "a/../b"]
HOSTILE_QUERY = ["\x00", "-1", "99999999999999999999", "abc", "²", "' OR 1=1 --"]
LIST_PARAMETERS = [
    "q",
    "o",
    "p",
    "all",
    "e",
    "year",
    "published__exact",
    "kind__exact",
    "_to_field",
]


def patterns(url_patterns, prefix=""):
    """(name, parameter names) of every named pattern, nested ones included."""
    for entry in url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            names = list(getattr(pattern, "converters", {}) or pattern.regex.groupindex)
            yield entry.name, names


def valid_values(model) -> dict[str, str]:
    entry = model._base_manager.order_by("pk").first()
    history = getattr(model, "history", None)
    record = history.filter(id=entry.pk).first() if history is not None and entry else None
    return {
        "object_id": str(entry.pk) if entry else "1",
        "id": str(entry.pk) if entry else "1",
        "history_id": str(record.history_id) if record else "1",
        "app_label": model._meta.app_label,
        "model_name": "event",
        "pk": str(Event.objects.first().pk),
        "content_type_id": str(ContentType.objects.get_for_model(Event).pk),
    }


def addresses(name: str, parameters: list[str], valid: dict[str, str]):
    """The pattern's address with each parameter hostile in turn, the others valid."""
    for parameter in parameters:
        for value in HOSTILE:
            kwargs = {other: valid.get(other, "1") for other in parameters}
            kwargs[parameter] = value
            try:
                yield reverse(f"admin:{name}", kwargs=kwargs)
            except NoReverseMatch:
                continue  # the pattern itself refuses the value: the address cannot exist


@pytest.fixture
def browser(editor, snapshot):
    """An editor's browser that checks CSRF as a real one is checked, and its token."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(editor)
    client.get(reverse("admin:index"))
    return client, client.cookies["csrftoken"].value


def server_errors(client, token, urls) -> list[str]:
    failures = []
    for url in urls:
        for method in ("get", "post"):
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(url, {"csrfmiddlewaretoken": token})
                assert b"CSRF verification failed" not in response.content, url
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url!r}: {response.status_code}")
    return failures


def model_admin_urls():
    return [
        pytest.param(model, model_admin, id=model._meta.label_lower)
        for model, model_admin in admin.site._registry.items()
    ]


@pytest.mark.parametrize("model,model_admin", model_admin_urls())
def test_no_hostile_path_value_makes_a_model_admin_page_fail(browser, model, model_admin):
    client, token = browser
    valid = valid_values(model)
    urls = [
        url
        for name, parameters in patterns(model_admin.urls)
        if parameters
        for url in addresses(name, parameters, valid)
    ]
    assert urls
    assert server_errors(client, token, urls) == []


def test_no_hostile_path_value_makes_a_site_wide_admin_page_fail(browser):
    client, token = browser
    valid = valid_values(Event)
    site_patterns = [entry for entry in admin.site.get_urls() if isinstance(entry, URLPattern)]
    urls = [
        url
        for name, parameters in patterns(site_patterns)
        if parameters
        for url in addresses(name, parameters, valid)
    ]
    assert urls
    assert server_errors(client, token, urls) == []


@pytest.mark.parametrize("model,model_admin", model_admin_urls())
def test_no_hostile_query_makes_a_list_fail(browser, model, model_admin):
    client, _ = browser
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    failures = []
    for parameter in LIST_PARAMETERS:
        for value in HOSTILE_QUERY:
            response = client.get(f"{changelist}?{urlencode({parameter: value})}")
            if response.status_code >= 500:
                failures.append(f"{parameter}={value!r}")
    assert failures == []


def test_no_autocomplete_term_fails(browser):
    client, _ = browser
    failures = []
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            for term in HOSTILE_QUERY:
                query = {
                    "term": term,
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                }
                response = client.get(f"{reverse('admin:autocomplete')}?{urlencode(query)}")
                assert response.status_code != 403, query  # the editor may search it
                if response.status_code >= 500:
                    failures.append(query)
    assert failures == []


@pytest.mark.parametrize(
    "url",
    [
        "/admin/timeline/event/?year=0",
        "/admin/timeline/event/?year=10000",
        "/admin/timeline/event/?year=99999999999999999999",
    ],
)
def test_a_year_that_cannot_exist_lists_no_events(browser, url):
    client, _ = browser
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_the_year_filter_still_filters(browser):
    client, _ = browser
    response = client.get("/admin/timeline/event/?year=2027")
    assert (
        response.context["cl"].result_count == Event.objects.filter(date_start__year=2027).count()
    )
    assert response.context["cl"].result_count > 0
