"""manage.py load_places."""
