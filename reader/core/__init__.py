"""The model of `reader`: articles, anchors, annotations, the store and export. No UI imports."""
