"""What the public policy pages render: the operator, recipients of data, cookies, periods."""

from __future__ import annotations

from chalicelib.api.schemas.common import Out
from chalicelib.services import legal


class OperatorOut(Out):
    company_name: str
    company_address: str
    privacy_email: str
    legal_email: str
    support_email: str
    site_url: str


class RecipientOut(Out):
    name: str
    role: str
    purpose: str
    receives: list[str]
    when: str
    basis: str


class CookieOut(Out):
    name: str
    provider: str
    purpose: str
    category: str
    expiry: str
    party: str


class PeriodsOut(Out):
    login_ip_business_days: int
    ticket_text_days: int


class LegalInfo(Out):
    """Everything the cookie policy, privacy notice, SLA and law-enforcement pages fill in."""

    operator: OperatorOut
    recipients: list[RecipientOut]
    cookies: list[CookieOut]
    periods: PeriodsOut

    @classmethod
    def current(cls) -> LegalInfo:
        o, p = legal.operator(), legal.periods()
        return cls(
            operator=OperatorOut(company_name=o.company_name, company_address=o.company_address,
                                 privacy_email=o.privacy_email, legal_email=o.legal_email,
                                 support_email=o.support_email, site_url=o.site_url),
            recipients=[RecipientOut(name=r.name, role=r.role, purpose=r.purpose, receives=list(r.receives),
                                     when=r.when, basis=r.basis) for r in legal.recipients()],
            cookies=[CookieOut(name=c.name, provider=c.provider, purpose=c.purpose, category=c.category,
                               expiry=c.expiry, party=c.party) for c in legal.cookies()],
            periods=PeriodsOut(login_ip_business_days=p.login_ip_business_days, ticket_text_days=p.ticket_text_days),
        )
