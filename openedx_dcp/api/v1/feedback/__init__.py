"""REST API of feedback rounds (R20)."""
