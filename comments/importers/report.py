"""What an import did: created, updated and skipped objects by status, threads, orphans, cost."""

import resource
import sys
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import BODY_MAX_LENGTH, Comment

OUTCOMES = ("created", "updated", "matched", "skipped")
CUT_NAMED = 20  # source ids of cut comments the report names; the rest it counts


def _outcome_label(outcome: str) -> str:
    return {
        "created": _("created"),
        "updated": _("updated"),
        "matched": _("matched to an existing article"),
        "skipped": _("skipped (already imported)"),
    }[outcome]


def peak_memory_bytes() -> int:
    """Return the process's peak resident memory."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass
class ImportReport:
    source: str = ""
    articles: Counter[tuple[str, str]] = field(default_factory=Counter)
    comments: Counter[tuple[str, str]] = field(default_factory=Counter)
    pings: int = 0
    threads: int = 0
    deepest: int = 0
    orphans: int = 0
    # WordPress comments whose id the file reuses across posts, so keyed by post (see wxr.py).
    keyed_by_post: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    # Comments whose text was longer than a comment may hold: stored cut, and named here.
    cut_to_fit: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_memory: int = 0
    dry_run: bool = False

    def total(self, counter: Counter[tuple[str, str]], outcome: str) -> int:
        return sum(n for (out, _status), n in counter.items() if out == outcome)

    @property
    def changed(self) -> bool:
        """Tell whether the import created or changed anything."""
        return any(
            self.total(counter, outcome)
            for counter in (self.articles, self.comments)
            for outcome in ("created", "updated")
        )

    def _by_status(self, counter: Counter[tuple[str, str]], labels: dict[str, str]) -> list[str]:
        lines = []
        for outcome in OUTCOMES:
            if total := self.total(counter, outcome):
                parts = ", ".join(
                    f"{labels.get(status, status)} {n}"
                    for (out, status), n in sorted(counter.items())
                    if out == outcome
                )
                lines.append(f"  {_outcome_label(outcome)}: {total} ({parts})")
        return lines or ["  " + _("none")]

    def _cut_line(self) -> str:
        named = ", ".join(self.cut_to_fit[:CUT_NAMED])
        more = len(self.cut_to_fit) - CUT_NAMED
        return _(
            "Comments cut to the %(limit)s characters a comment holds: %(n)s (%(named)s%(more)s)"
        ) % {
            "limit": BODY_MAX_LENGTH, "n": len(self.cut_to_fit), "named": named,
            "more": _(" and %(n)s more") % {"n": more} if more > 0 else "",
        }  # fmt: skip

    def lines(self) -> list[str]:
        """Return the report as lines of text for the operator."""
        article_labels = {s.value: str(s.label) for s in Article.Status}
        comment_labels = {s.value: str(s.label) for s in Comment.Status}
        out = [_("Import of %(source)s") % {"source": self.source}]
        if self.dry_run:
            out.append(_("Dry run: nothing was written."))
        out += [_("Articles:"), *self._by_status(self.articles, article_labels)]
        out += [_("Comments:"), *self._by_status(self.comments, comment_labels)]
        out.append(_("Pingbacks and trackbacks created: %(n)s") % {"n": self.pings})
        out.append(
            _("Threads created: %(threads)s (deepest reply at depth %(depth)s)")
            % {"threads": self.threads, "depth": self.deepest}
        )
        out.append(_("Orphans attached to the top level: %(n)s") % {"n": self.orphans})
        if self.keyed_by_post:
            out.append(
                _("Comments keyed by their post (ids reused across posts, or WXR 1.0): %(n)s")
                % {"n": self.keyed_by_post}
            )
        if self.cut_to_fit:
            out.append(self._cut_line())
        for reason, n in sorted(self.left_out.items()):
            out.append(_("Left out (%(reason)s): %(n)s") % {"reason": reason, "n": n})
        out.append(
            _("Time: %(seconds).1f s; peak memory: %(mb).0f MB")
            % {"seconds": self.seconds, "mb": self.peak_memory / 2**20}
        )
        if not self.changed and not self.dry_run:
            out.append(_("Nothing changed: everything in this file was already imported."))
        return out
