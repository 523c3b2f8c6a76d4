"""Write comments back out: WXR 1.2 for WordPress, JSON lines for backups; streamed."""
