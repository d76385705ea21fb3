"""The participation service: settings, URLs, and the intake apps from campaigns to moderation."""
