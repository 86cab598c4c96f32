"""The plugin system: hook specifications and the plugin manager."""
