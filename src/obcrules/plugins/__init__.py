"""The plugin host: hook specifications, declarations, the manager and the vocabulary."""
