"""Write imported articles in bulk: their sections, unique slugs, and Disqus matches by path."""

import uuid
from urllib.parse import unquote

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from articles.models import Article, Section
from comments.importers.common import unicode_slug
from comments.importers.records import ArticleRecord
from comments.importers.report import ImportReport
from newsroom.sanitize import sanitize_article_html

IMPORTED_SECTION_SLUG = "imported"
SLUG_MAX_LENGTH = 300
SLUG_ATTEMPTS = 8


def slug_from_path(path: str) -> str | None:
    """Return the slug of the article page a site path points at, if it points at one."""
    path = unquote(path or "")
    for candidate in dict.fromkeys((path, path.rstrip("/") + "/")):
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        if match.view_name == "pages:article":
            return match.kwargs.get("slug")
    return None


def _slug_candidate(record: ArticleRecord, attempt: int) -> str:
    base = record.slug or "article"
    if attempt == 0:
        return base[:SLUG_MAX_LENGTH]
    tail = unicode_slug(record.source.rpartition(":")[2], max_length=40) or "1"
    if attempt == 1:
        return f"{base}-{tail}"[:SLUG_MAX_LENGTH]
    if attempt < SLUG_ATTEMPTS:
        return f"{base}-{tail}-{attempt}"[:SLUG_MAX_LENGTH]
    return f"{base}-{uuid.uuid4().hex[:12]}"[:SLUG_MAX_LENGTH]


def _first_of_each_address(records: list[ArticleRecord]) -> dict[str, str]:
    """Give each address to the first record that has it: an address is one article's."""
    owners: dict[str, str] = {}
    for record in records:
        if record.canonical_url:
            owners.setdefault(record.canonical_url, record.source)
    return {source: url for url, source in owners.items()}


class ArticleWriter:
    """Create missing articles; remember every article's primary key by its source."""

    def __init__(self) -> None:
        self.pks: dict[str, int] = {}
        self.sections: dict[str, int] = {}

    def write(self, records: list[ArticleRecord], report: ImportReport) -> None:
        fresh = {r.source: r for r in records if r.source not in self.pks}
        for source, pk, status in Article.objects.filter(source__in=list(fresh)).values_list(
            "source", "pk", "status"
        ):
            self.pks[source] = pk
            report.articles["skipped", status] += 1
            del fresh[source]
        self._match_canonical_urls(fresh, report)
        self._match_paths(fresh, report)
        self._create(list(fresh.values()), report)

    def _match_canonical_urls(self, fresh: dict[str, ArticleRecord], report: ImportReport) -> None:
        """Attach a post to the article of its address, such as the thread embedded on it."""
        sources: dict[str, list[str]] = {}
        for record in fresh.values():
            if record.canonical_url:
                sources.setdefault(record.canonical_url, []).append(record.source)
        found = Article.objects.filter(canonical_url__in=list(sources))
        for url, pk, status in found.values_list("canonical_url", "pk", "status"):
            for source in sources[url]:
                self.pks[source] = pk
                report.articles["matched", status] += 1
                del fresh[source]

    def _match_paths(self, fresh: dict[str, ArticleRecord], report: ImportReport) -> None:
        slugs: dict[str, list[str]] = {}
        for record in fresh.values():
            if record.match_path and (slug := slug_from_path(record.match_path)):
                slugs.setdefault(slug, []).append(record.source)
        for slug, pk, status in Article.objects.filter(slug__in=list(slugs)).values_list(
            "slug", "pk", "status"
        ):
            for source in slugs[slug]:  # threads for http and https pages of one article
                self.pks[source] = pk
                report.articles["matched", status] += 1
                del fresh[source]

    def _create(self, records: list[ArticleRecord], report: ImportReport) -> None:
        if not records:
            return
        self._resolve_sections(records)
        slugs = self._unique_slugs(records)
        canonical = _first_of_each_address(records)
        articles = Article.objects.bulk_create(
            Article(
                title=r.title, slug=slugs[r.source],
                section_id=self.sections[r.section_slug or IMPORTED_SECTION_SLUG],
                byline=r.byline, body_html=sanitize_article_html(r.body_html).strip(), excerpt=r.excerpt,
                published_at=r.published_at, status=r.status, comment_mode=r.comment_mode,
                source=r.source, canonical_url=canonical.get(r.source, ""),
            )
            for r in records
        )  # fmt: skip
        for article in articles:
            self.pks[article.source] = article.pk
            report.articles["created", article.status] += 1

    def _resolve_sections(self, records: list[ArticleRecord]) -> None:
        wanted = {}
        for r in records:
            if r.section_slug:
                wanted.setdefault(r.section_slug, r.section_name or r.section_slug)
            else:
                wanted.setdefault(IMPORTED_SECTION_SLUG, _("Imported"))
        missing = {slug: name for slug, name in wanted.items() if slug not in self.sections}
        if not missing:
            return
        for slug, pk in Section.objects.filter(slug__in=list(missing)).values_list("slug", "pk"):
            self.sections[slug] = pk
            del missing[slug]
        by_name = dict(
            Section.objects.filter(name__in=list(missing.values())).values_list("name", "pk")
        )
        for slug, name in list(missing.items()):
            if name in by_name:
                self.sections[slug] = by_name[name]
                del missing[slug]
        self._create_sections(missing)

    def _create_sections(self, missing: dict[str, str]) -> None:
        names: set[str] = set()
        sections = []
        for slug, name in missing.items():
            # Two categories may share a name (Foo under Bar, Foo at the top): names are unique.
            unique = name if name not in names else f"{name} ({slug})"[:100]
            names.add(unique)
            sections.append(Section(slug=slug, name=unique))
        for section in Section.objects.bulk_create(sections):
            self.sections[section.slug] = section.pk

    def _unique_slugs(self, records: list[ArticleRecord]) -> dict[str, str]:
        """Pick a free slug for each record: its own, then with its id, then numbered."""
        chosen: dict[str, str] = {}
        pending = records
        for attempt in range(SLUG_ATTEMPTS + 1):
            candidates = {r.source: _slug_candidate(r, attempt) for r in pending}
            taken = set(
                Article.objects.filter(slug__in=set(candidates.values())).values_list(
                    "slug", flat=True
                )
            ) | set(chosen.values())
            later = []
            for record in pending:
                slug = candidates[record.source]
                if slug in taken:
                    later.append(record)
                else:
                    chosen[record.source] = slug
                    taken.add(slug)
            if not (pending := later):
                break
        return chosen
