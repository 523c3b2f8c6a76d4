"""Public shapes of sections and articles."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Section
from articles.selectors import related_articles


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class SectionSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(read_only=True, help_text="Letters may be Arabic.")
    url = serializers.SerializerMethodField(help_text="The section's page on the site.")

    class Meta:
        model = Section
        fields = ["id", "name", "slug", "url"]
        read_only_fields = fields

    def get_url(self, section: Section) -> str:
        return _absolute(self, section.get_absolute_url())


class ArticleSummarySerializer(serializers.ModelSerializer):
    section = SectionSerializer(read_only=True)
    url = serializers.SerializerMethodField(help_text="The article's page on the site.")
    comment_count = serializers.IntegerField(source="approved_comment_count", read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "title", "section", "byline", "published_at", "excerpt", "url", "comment_count",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, article: Article) -> str:
        return _absolute(self, article.get_absolute_url())


class ArticleBodySerializer(ArticleSummarySerializer):
    """One article whole: its body and related articles (comments.api adds its comment state)."""

    related = serializers.SerializerMethodField(help_text="Up to four related articles.")

    class Meta(ArticleSummarySerializer.Meta):
        fields = [*ArticleSummarySerializer.Meta.fields, "body_html", "comment_mode", "related"]
        read_only_fields = fields

    @extend_schema_field(ArticleSummarySerializer(many=True))
    def get_related(self, article: Article) -> list:
        return ArticleSummarySerializer(
            related_articles(article), many=True, context=self.context
        ).data
