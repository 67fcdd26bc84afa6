"""Where the data comes from: bundled files, generated example data and the official-figure adapters."""
