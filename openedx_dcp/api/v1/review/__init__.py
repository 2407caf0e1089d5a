"""REST API v1 of the review domain: views, serializers and URLs."""
