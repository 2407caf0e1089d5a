"""Open Badges 3.0 credentials for Distinguished Contributors (R22)."""
