"""Citizen pages: campaign list, map with the add form, add without a map, lists."""
