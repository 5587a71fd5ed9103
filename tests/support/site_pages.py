"""Every page of the site, by who can open it: the browser tests that must visit all of them
(consent registry, phone width, accessibility) take their lists from here, and
tests/unit/test_site_pages_listed.py fails when a page in frontend/src/pages is missing."""

from __future__ import annotations

VISITOR_PAGES = ["/login", "/register", "/forgot-password", "/reset-password", "/confirm-email",
                 "/account-deleted", "/api-docs", "/status", "/services", "/legal/cookies", "/legal/privacy",
                 "/legal/sla", "/legal/law-enforcement", "/404"]
CUSTOMER_PAGES = ["/dashboard", "/account", "/order", "/mass-order", "/orders", "/balance", "/add-funds",
                  "/api-keys", "/tickets", "/tickets/new", "/tickets/claim"]
ADMIN_PAGES = ["/dashboard", "/staff/tickets", "/staff/canned-replies", "/staff/claims", "/staff/monitoring",
               "/staff/privacy-requests", "/admin/providers", "/admin/services", "/admin/users",
               "/admin/customers", "/admin/orders", "/admin/payments", "/admin/reports", "/admin/tasks", "/admin/audit",
               "/admin/staff", "/admin/alerts", "/admin/brand", "/account", "/staff/orders"]
LEGAL_PAGES = ["/staff/legal", "/staff/legal-holds"]
# Pages of one record (/orders/123): visited with a record the test makes.
RECORD_PAGES = ["/orders", "/tickets", "/staff/tickets", "/staff/claims", "/staff/legal", "/staff/privacy-requests",
                "/staff/orders"]
# Pages of one record routed by a pattern (addPatternRoute): the browser tests open them with a record they make.
PATTERN_PAGES = ["/admin/customers/"]
