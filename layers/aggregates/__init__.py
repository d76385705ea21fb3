"""The aggregate layers of heatmaps/ over HTTP, under /heatmaps/{campaign}/."""
