"""kompetanse: competence and recruitment figures for Norwegian municipalities, side by side."""
