"""The article page as readers get it: the view, the comment post, the shared page and its cache."""
