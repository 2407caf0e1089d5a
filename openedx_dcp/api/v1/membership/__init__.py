"""REST API v1 of the membership domain: views, serializers and URLs."""
