"""Pages: the Impressum, the accessibility statement and privacy notice, and the operator's
details they show."""
