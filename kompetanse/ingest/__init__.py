"""Files in: readers, JSON-stat, validation, templates and the import (a new import format goes here)."""
