"""Where data comes from: registry, catalogue, population, boundaries, projects, example data, APIs."""
