"""Forms of the communications app, one module per part (private to the app)."""
