"""Pages: the accessibility statement and privacy notice, and the operator's details they show."""
