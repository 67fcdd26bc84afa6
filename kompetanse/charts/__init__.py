"""The Altair chart builders and maps (a new chart goes here)."""
