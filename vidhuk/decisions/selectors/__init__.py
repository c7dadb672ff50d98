"""Every read of findings and decisions, scoped to the centre."""
