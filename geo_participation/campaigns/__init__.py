"""Campaigns: where and when citizens may take part, their categories and question schemas."""
