from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("sections/<str:slug>/", views.section_detail, name="section"),
    path("articles/<str:slug>/", views.article_detail, name="detail"),
]
