"""A phone in the browser tests: a 390 px page, and what makes a page fail there (anything wider
than the screen outside a box that scrolls; an axe-core violation rated serious or critical)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from devstack.stack import ROOT

AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
# Overflow: anything reaching past the viewport's right edge that is not inside a box that scrolls.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
    const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll' || x === 'hidden') return true; }
    return false; };
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const box = el.getBoundingClientRect(); return box.width > 0 && box.right > width + 1 && !inScroller(el); });
  return { scrollWidth: document.documentElement.scrollWidth, width,
           wide: wide.slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
             + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')) };
}"""
SERIOUS = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}"""


@contextmanager
def phone_page(browser: Any, site: str, *, show_consent_banner: bool = False) -> Iterator[Any]:
    """A 390 px page; bypass_csp lets a test inject axe-core (the pages' own scripts are the site's)."""
    context = browser.new_context(base_url=site, viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    context.set_default_timeout(10_000)
    if show_consent_banner:
        # The consent banner hides from automated browsers; this makes it show, so axe checks it too.
        context.add_init_script("Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()


def page_problems(page: Any, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => !document.querySelector('#view > p.muted:only-child')")  # rendered
        layout = page.evaluate(OVERFLOW)
        if layout["scrollWidth"] > layout["width"] or layout["wide"]:
            found.append(f"{path}: {layout['scrollWidth']} px wide on a {layout['width']} px screen: {layout['wide']}")
        page.add_script_tag(path=str(AXE))
        found += [f"{path}: {violation}" for violation in page.evaluate(SERIOUS)]
    return found
