"""The public results of a campaign: /c/{slug}/ergebnisse/ and its numbers as JSON.

Shown once Campaign.results_visible() (after the close, or earlier where staff switched it on);
every number comes from heatmaps.api.public_results, k-suppressed, published posts only.
"""
