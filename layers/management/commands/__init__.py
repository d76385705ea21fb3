"""Commands that deliver from the shell: export_layer and report."""
