"""The reader's questions, answered from the home page by clicking only."""

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def source_links(locator) -> list[str]:
    return [link.get_attribute("href") for link in locator.get_by_role("link").all()]


def test_a_new_reader_answers_the_five_questions_by_clicking(desktop):
    page = desktop.open("/")

    # 1. When did QuantumScape begin B-sample production? Timeline, then the event's source.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    item = page.locator(".event").filter(has_text="QuantumScape begins QSE-5 B-sample")
    assert item.locator(".event__date").inner_text().endswith("Oct 2024")
    assert any("electrive.com" in href for href in source_links(item.locator(".event__sources")))

    # 2. Which automaker tests Solid Power cells, and in which car? Partnerships.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partnerships").click()
    card = page.locator(".partnership").filter(has_text="Solid Power").filter(has_text="Testing")
    assert "BMW" in card.locator("h3").inner_text()
    assert "BMW i7" in card.inner_text()
    assert any("bmwgroup.com" in href for href in source_links(card.locator(".card__footer")))

    # 3. What does Stellantis aim for in 2026? Companies, Stellantis, its target.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Companies").click()
    page.locator(".company-card").get_by_role("link", name="Stellantis").click()
    page.wait_for_url(re.compile(r"/companies/stellantis/$"))
    targets = page.locator("section").filter(has=page.get_by_role("heading", name="Targets"))
    target = targets.locator(".event").filter(has_text="2026")
    assert "demonstration fleet" in target.inner_text()
    target.get_by_role("link", name=re.compile("demonstration fleet")).click()
    assert any("stellantis.com" in href for href in source_links(page.locator(".references")))

    # 4. Which companies target 2027? The ~2027 outlook band on the home page.
    page.get_by_role("link", name="sstracker").click()
    page.locator("#horizon-2027 .horizon__link").get_by_role("link").click()
    page.wait_for_url(re.compile(r"year_from=2027"))
    year = page.locator("section.year").filter(has=page.locator("#year-2027"))
    about_2027 = year.locator(".event").filter(has_text="~2027")
    companies = set(about_2027.locator(".event__companies").all_inner_texts())
    assert companies == {"Samsung SDI", "CATL"}
    for index in range(about_2027.count()):
        assert source_links(about_2027.nth(index).locator(".event__sources"))

    # 5. The five technical problems.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Challenges").click()
    assert page.locator(".challenge").count() == 5
