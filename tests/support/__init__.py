"""What tests share: building accounts and catalog entries, signing in (API client and browser),
reading the local outbox, talking to localstripe and the provider simulator, business-time
moments and ledger sums. Test modules import from here, never from each other
(tests/unit/test_test_imports.py enforces it)."""
