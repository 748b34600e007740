"""The article view's models, with no widgets: the wrapped layout and the navigator."""
