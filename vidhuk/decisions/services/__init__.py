"""Every write of findings, evidence, decisions and their execution (issue 12)."""
