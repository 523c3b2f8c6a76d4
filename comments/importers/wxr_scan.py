"""First pass over a WordPress export: check it end to end and learn what the import needs."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext as _

from comments.importers.common import IdSet, clean_text, site_of
from comments.importers.xmlstream import (
    Found,
    ImportFileError,
    StructureError,
    child_text,
    local_name,
    stream_elements,
)

_WP_NAMESPACE = re.compile(r"wordpress\.org/export/(\d+\.\d+)/")
_SITE_FIELDS = ("base_blog_url", "base_site_url", "link")


@dataclass
class WxrInfo:
    """What the first pass learned: version, site, and the comment ids used more than once."""

    version: str = ""
    site: str = ""
    repeated_comment_ids: set[str] = field(default_factory=set)
    items: int = 0
    comments: int = 0
    urls: dict[str, str] = field(default_factory=dict)

    def keyed_by_post(self, comment_id: str) -> bool:
        """Tell whether this comment id needs its post to name one comment (see wxr.py)."""
        return self.version == "1.0" or comment_id in self.repeated_comment_ids


def select_wxr(names: list[str]) -> bool:
    """Hand over the channel's children and each item's comments; refuse other shapes."""
    depth = len(names)
    if depth == 1 and names[0] != "rss":
        raise StructureError(
            _("not a WordPress export: <%(tag)s> is not <rss>") % {"tag": names[0]}
        )
    if depth == 2 and names[1] != "channel":
        raise StructureError(
            _("not a WordPress export: <%(tag)s> where <channel> belongs") % {"tag": names[1]}
        )
    return depth == 3 or (depth == 4 and names[2] == "item" and names[3] == "comment")


def post_id_of(item: ET.Element) -> str:
    """Return the post's id: wp:post_id, else ?p= or ?page_id= in its link, else its link."""
    post_id = clean_text(child_text(item, "post_id"))
    if post_id:
        return post_id
    for name in ("link", "guid"):
        url = clean_text(child_text(item, name))
        query = parse_qs(urlsplit(url).query)
        for key in ("p", "page_id"):
            if query.get(key, [""])[0].isdigit():
                return query[key][0]
    return clean_text(child_text(item, "link") or child_text(item, "guid")) or ""


def _note_version(info: WxrInfo, element: ET.Element) -> None:
    if not info.version and (match := _WP_NAMESPACE.search(element.tag)):
        info.version = match[1]


def _scan_one(info: WxrInfo, found: Found, ids: IdSet) -> None:
    element = found.element
    name = local_name(element.tag)
    _note_version(info, element)
    if name == "comment":
        comment_id = clean_text(child_text(element, "comment_id"))
        if not comment_id:
            raise ImportFileError(
                _("a comment without wp:comment_id"), line=found.line, column=found.column
            )
        info.comments += 1
        if ids.add(comment_id):
            info.repeated_comment_ids.add(comment_id)
    elif name == "item":
        info.items += 1
        for child in element:
            _note_version(info, child)
        info.urls.setdefault("item", clean_text(child_text(element, "link")))
    elif name == "wxr_version":
        info.version = clean_text(element.text)
    elif name in _SITE_FIELDS:
        info.urls.setdefault(name, clean_text(element.text))


def wxr_scan(stream: BinaryIO, on_read: Callable[[int], object] | None = None) -> WxrInfo:
    """Read the whole file once without writing; raise ImportFileError at its first fault."""
    info, ids = WxrInfo(), IdSet()
    for found in stream_elements(stream, select_wxr, on_read=on_read):
        _scan_one(info, found, ids)
    if not info.version:
        raise ImportFileError(_("not a WordPress export: no wp: elements and no wxr_version"))
    sites = [site_of(info.urls.get(name)) for name in _SITE_FIELDS]
    sites.append(site_of(info.urls.get("item"), with_path=False))
    info.site = next((site for site in sites if site), "unknown")
    return info
