"""The moderation desk: the queue as cards, one key or button per decision, a live count."""
