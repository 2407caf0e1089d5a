"""REST API v1 of the dashboard domain: views, serializers and URLs."""
