"""Jobs: one per CLI command, composing extract -> transform -> load -> models -> publish."""
