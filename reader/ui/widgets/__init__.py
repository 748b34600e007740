"""Widgets: the article view, the annotation pane and list, the header and the search bar."""
