"""Reference layers: proposals residents rate section by section."""
