"""Housekeeping: prune idempotency records, rebuild tile cells."""
