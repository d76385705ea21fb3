"""Submissions: intake, validation and storage of citizens' marks, their support and photos."""
