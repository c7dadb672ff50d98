"""Forms of this app."""
