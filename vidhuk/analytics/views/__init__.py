"""Views of this app, one module per page group."""
