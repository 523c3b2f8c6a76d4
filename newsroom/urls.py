from django.contrib import admin
from django.urls import include, path

from newsroom.views import healthz, language_switch, readiness

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("healthz/ready/", readiness, name="readiness"),
    path("admin/privacy/", include("comments.admin.privacy")),
    path("admin/moderation-accuracy/", include("comments.admin.accuracy")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", language_switch, name="set_language"),
    path("api/", include("newsroom.api.urls")),
    path("", include("pages.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
]
