"""REST API v1 of the contributions domain: views, serializers and URLs."""
