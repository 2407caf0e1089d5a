"""
REST URLs of this package, included by openedx_dcp.api.v1.urls.
"""

urlpatterns = []
