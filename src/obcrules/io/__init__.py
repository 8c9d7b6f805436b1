"""Small, careful file operations shared by every command."""
