"""REST API v1 of the credentials domain: views, serializers and URLs."""
