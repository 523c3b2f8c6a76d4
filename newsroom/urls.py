from django.contrib import admin
from django.urls import include, path

from newsroom.views import healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/privacy/", include("comments.admin.privacy")),
    path("admin/moderation-accuracy/", include("comments.admin.accuracy")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("newsroom.api.urls")),
    path("", include("pages.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
]
