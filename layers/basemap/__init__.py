"""The self-hosted base map: built from an OpenStreetMap extract, served with Range requests."""
