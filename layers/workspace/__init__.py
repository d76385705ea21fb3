"""The planners' page ("Auswertung"): every campaign with its report, exports and density map."""
