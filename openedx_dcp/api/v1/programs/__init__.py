"""REST API v1 of the programs domain: views, serializers and URLs."""
