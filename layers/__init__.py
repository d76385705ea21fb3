"""Read-only delivery of published data (tiles, OGC API, exports); filled by later issues."""
