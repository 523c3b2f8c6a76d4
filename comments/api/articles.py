"""One article through the API: the article whole, and whether it takes comments now."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import RetrieveAPIView

from articles.api.serializers import ArticleBodySerializer, ArticleSummarySerializer
from articles.models import Article
from comments.policy import article_takes_comments
from newsroom.api.throttling import AnonReadThrottle


class ArticleDetailSerializer(ArticleBodySerializer):
    comments_open = serializers.SerializerMethodField(help_text="Whether it takes comments now.")

    class Meta(ArticleBodySerializer.Meta):
        fields = [*ArticleSummarySerializer.Meta.fields, "body_html", "comment_mode", "comments_open",
                  "related"]  # fmt: skip
        read_only_fields = fields

    def get_comments_open(self, article: Article) -> bool:
        return article_takes_comments(article)


@extend_schema_view(get=extend_schema(summary="Read one article"))
class ArticleDetailView(RetrieveAPIView):
    serializer_class = ArticleDetailSerializer
    lookup_url_kwarg = "article_id"
    throttle_classes = [AnonReadThrottle]

    def get_queryset(self):
        return Article.objects.published().select_related("section")
