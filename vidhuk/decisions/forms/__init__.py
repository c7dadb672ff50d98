"""Input shapes and messages of the decisions pages."""
