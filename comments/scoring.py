"""The abuse model as the app uses it: which version is current, and a comment's risk.

Every process keeps the version it loaded and asks at most every COMMENTS_RISK_CHECK_SECONDS
which one is current (through the cache, then the database), so a newly trained version reaches
all processes without a restart. A missing or unreadable model scores nothing: the pipeline's
other rules run without it, and the failure is logged once per version.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from comments.models import RiskModelVersion
from comments.risk.features import comment_text
from comments.risk.model import RiskModel
from comments.risk.storage import model_from_bytes
from newsroom.versions import RISK_MODEL_VERSION_KEY

logger = logging.getLogger(__name__)
NO_VERSION = 0


@dataclass(frozen=True)
class Risk:
    score: float
    terms: list[str]


@dataclass
class _Loaded:
    version: int | None = None
    model: RiskModel | None = None
    checked_at: float = float("-inf")


_loaded = _Loaded()
_failed: set[str] = set()  # what was logged already, by what and version
_lock = threading.Lock()


def current_version_id() -> int:
    """Return the id of the newest stored version (NO_VERSION if none), cached briefly."""
    version = cache.get(RISK_MODEL_VERSION_KEY)
    if version is None:
        newest = RiskModelVersion.objects.order_by("-pk").values_list("pk", flat=True).first()
        version = newest or NO_VERSION
        cache.set(RISK_MODEL_VERSION_KEY, version, settings.COMMENTS_RISK_CACHE_SECONDS)
    return version


def risk_model_is_current() -> bool:
    """Whether a trained version is stored to score new comments with (cached like its id)."""
    return current_version_id() != NO_VERSION


def announce_version(version_id: int) -> None:
    """Tell every process sharing this cache that a new version is current."""
    cache.set(RISK_MODEL_VERSION_KEY, version_id, settings.COMMENTS_RISK_CACHE_SECONDS)


def current_model(version: int | None = None) -> RiskModel | None:
    """Return the current model, loading a new version when one has appeared; None without one.

    version is the current version's id when the caller knows it (the settings row a post reads
    names it); otherwise it is looked up, at most every COMMENTS_RISK_CHECK_SECONDS.
    """
    now = time.monotonic()
    if version is None and now - _loaded.checked_at < settings.COMMENTS_RISK_CHECK_SECONDS:
        return _loaded.model
    if version is not None and version == _loaded.version:
        return _loaded.model
    with _lock:
        _loaded.checked_at = now
        if version is None:
            version = _guarded("look up", NO_VERSION, current_version_id)
        if version != _loaded.version:
            _loaded.model = _load(version) if version else None
            _loaded.version = version
    return _loaded.model


def _load(version: int) -> RiskModel | None:
    def read() -> RiskModel:
        data = RiskModelVersion.objects.values_list("data", flat=True).get(pk=version)
        model = model_from_bytes(data)
        model.score("")  # builds its lookup tables now, not during the first comment's post
        return model

    return _guarded(f"load version {version}", None, read)


def _guarded(what: str, fallback, call):
    """Run call; on any failure log it (once for each `what`) and return fallback."""
    try:
        return call()
    except Exception:
        if what not in _failed:
            _failed.add(what)
            logger.exception("Abuse model: could not %s; comments are moderated without it", what)
        return fallback


def forget_loaded_model() -> None:
    """Drop this process's model and what it logged: the next score asks the database again."""
    with _lock:
        _loaded.version, _loaded.model, _loaded.checked_at = None, None, float("-inf")
        _failed.clear()
    cache.delete(RISK_MODEL_VERSION_KEY)


def comment_risk(*, name: str, body: str, version: int | None = None) -> Risk | None:
    """Return the comment's risk and the words that raised it, or None without a working model."""
    model = current_model(version)
    if model is None:
        return None
    text = comment_text(name, body)
    return _guarded(
        f"score with version {_loaded.version}", None, lambda: Risk(*model.assess(text))
    )
