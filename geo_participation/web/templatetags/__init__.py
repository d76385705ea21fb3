"""Template tags of the citizen pages, for use by other pages (citizen_form)."""
