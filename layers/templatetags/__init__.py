"""Template tags of the delivery pages."""
