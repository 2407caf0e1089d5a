"""REST API v1 of stories and spotlights (R19) and of citations of the program (KR 5.2)."""
