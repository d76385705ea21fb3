"""Management commands of the heatmaps app."""
