"""Public article endpoints: sections, the newest articles (comments.api serves one article)."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination

from articles.api.serializers import ArticleSummarySerializer, SectionSerializer
from articles.models import Article, Section
from newsroom.api.filters import IdFilter
from newsroom.api.throttling import AnonReadThrottle


class ArticlePagination(PageNumberPagination):
    page_size = 12
    page_size_query_param = "page_size"
    max_page_size = 50


class ArticleFilter(django_filters.FilterSet):
    section = IdFilter(field_name="section_id", label="Section id")
    search = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", max_length=200, label="Words in the title"
    )

    class Meta:
        model = Article
        fields = ["section", "search"]


@extend_schema_view(get=extend_schema(summary="List the sections"))
class SectionListView(ListAPIView):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    pagination_class = None
    throttle_classes = [AnonReadThrottle]


@extend_schema_view(get=extend_schema(summary="List published articles, newest first"))
class ArticleListView(ListAPIView):
    serializer_class = ArticleSummarySerializer
    pagination_class = ArticlePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter
    throttle_classes = [AnonReadThrottle]

    def get_queryset(self):
        return Article.objects.listed()
