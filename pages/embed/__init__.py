"""Comments for any page: the script a site adds, the frame it opens, and the frame's posts."""
