"""Models of this app (to come)."""
