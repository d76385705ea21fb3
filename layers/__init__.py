"""Read-only delivery of published data: vector and density tiles, OGC API, exports, reports."""
