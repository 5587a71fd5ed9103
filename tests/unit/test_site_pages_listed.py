"""Every page the frontend routes is in tests/support/site_pages.py, so the browser tests that
visit every page (phone width, accessibility, consent registry) cannot miss a new one."""

from __future__ import annotations

import re

from devstack.stack import ROOT
from tests.support import site_pages

ROUTE = re.compile(r'add(Id)?Route\("([^"]+)"')
ANY_ROUTE = re.compile(r"add(Id)?Route\(")
PATTERN_ROUTE = re.compile(r"addPatternRoute\(/\^((?:\\/[a-z-]+)+\\/)\(")


def test_every_routed_page_is_listed() -> None:
    pages, record_pages, pattern_pages = set(), set(), set()
    for source in (ROOT / "frontend" / "src" / "pages").glob("*.ts"):
        text = source.read_text()
        found = ROUTE.findall(text)
        assert len(found) == len(ANY_ROUTE.findall(text)), f"{source.name}: write each route's path as a literal"
        pattern_pages |= {p.replace("\\/", "/") for p in PATTERN_ROUTE.findall(text)}
        assert text.count("addPatternRoute(") == len(PATTERN_ROUTE.findall(text)), f"{source.name}: a literal /^\\/…/"
        for record, path in found:
            (record_pages if record else pages).add(path)
    listed = {*site_pages.VISITOR_PAGES, *site_pages.CUSTOMER_PAGES, *site_pages.ADMIN_PAGES, *site_pages.LEGAL_PAGES}
    assert pages - listed == set(), "pages no browser test visits: add them to tests/support/site_pages.py"
    assert record_pages == set(site_pages.RECORD_PAGES)
    assert pattern_pages == set(site_pages.PATTERN_PAGES)
    assert len(pages) > 30  # the pattern still finds the routes
