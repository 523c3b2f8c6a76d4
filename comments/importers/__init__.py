"""Bring a WordPress (WXR) or Disqus export in: streamed, batched, idempotent, resumable."""
