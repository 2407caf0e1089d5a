"""
The outbox: side effects that must happen (credentials issued, emails, outbound events) recorded in the same
transaction as the change that causes them, and delivered with retries (docs/decisions/0010-outbox.rst).
"""
