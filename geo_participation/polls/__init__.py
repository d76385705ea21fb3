"""Polls and votes: questions with options, one changeable ballot per person."""
