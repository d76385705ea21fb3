"""Management commands of the delivery layers."""
