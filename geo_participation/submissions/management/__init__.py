"""Management commands of submissions."""
