"""The gazetteer: named streets, addresses, places and points of interest, searched by name."""
