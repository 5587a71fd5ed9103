"""The SLA's compensation side (SLA sections 4 and 5; promises S11-S13), by concern:

* `reports`: the month report's storage (what the monthly computation writes), and the month's
  decided flag (`sla_month_decided`), which also guards maintenance windows.
* `claims`: customers file a claim (a ticket with its claim), and read theirs.
* `decisions`: staff's queue, a claim's detail, the final decision and the service credit it pays,
  and the daily check for overdue claims.
"""
