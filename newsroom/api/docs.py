"""Swagger UI at /api/docs/, from local static files, within the site's Content-Security-Policy."""

from django.http import HttpResponse
from django.template import engines
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.request import Request

# drf-spectacular's page inlines a <style> and a <script>; our CSP only runs them with its nonce.
PAGE = """{% extends "drf_spectacular/swagger_ui.html" %}
{% block head %}
<title>{{ title }}</title>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="{{ favicon_href }}">
<link rel="stylesheet" href="{{ swagger_ui_css }}">
<style nonce="{{ csp_nonce }}">
  html { box-sizing: border-box; overflow-y: scroll; }
  *, *:after, *:before { box-sizing: inherit; }
  body { background: #fafafa; margin: 0; }
</style>
{% endblock head %}
{% block body %}
<div id="swagger-ui"></div>
<script src="{{ swagger_ui_bundle }}" nonce="{{ csp_nonce }}"></script>
<script src="{{ swagger_ui_standalone }}" nonce="{{ csp_nonce }}"></script>
<script nonce="{{ csp_nonce }}">
{% include template_name_js %}
</script>
{% endblock body %}
"""


class SwaggerDocsView(SpectacularSwaggerView):
    @extend_schema(exclude=True)
    def get(self, request: Request, *args, **kwargs) -> HttpResponse:
        page = super().get(request, *args, **kwargs)
        template = engines["django"].from_string(PAGE)
        html = template.render(page.data, request=request._request)
        headers = {name: value for name, value in page.items() if name.lower() != "content-type"}
        return HttpResponse(html, headers=headers)
