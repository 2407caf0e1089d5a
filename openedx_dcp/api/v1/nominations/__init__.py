"""REST API v1 of the nominations domain: views, serializers and URLs."""
