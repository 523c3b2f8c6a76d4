"""The API: version 1 of the endpoints, its OpenAPI schema, and its interactive docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from newsroom.api.docs import SwaggerDocsView
from newsroom.api.errors import api_not_found

app_name = "api"

urlpatterns = [
    path("v1/", include("articles.api.urls")),
    path("v1/", include("comments.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(url_name="api:schema"), name="docs"),
    # Last: any other address under /api/ answers 404 in the API's error shape, not in HTML.
    re_path(r"", api_not_found),
]
