"""German in the formal "Sie" for django-allauth's strings: a catalog only, listed before allauth.

allauth's own German catalog says "du"; the site says "Sie". Django lets the catalog of an app
listed earlier in INSTALLED_APPS win, so this app's locale/ overrides exactly the strings it
lists, and allauth's templates, forms and mails stay allauth's (upgrades keep working). The
catalog is hand-made; tests/geo_participation/accounts/test_formal_german.py names any new
informal string an upgrade brings.
"""
