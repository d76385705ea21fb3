"""Photos: one re-encoded image per submission, shown as visibility allows."""
