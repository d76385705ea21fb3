"""Grid cells, Getis-Ord Gi* hotspots and DBSCAN clusters, stored once per published version."""
