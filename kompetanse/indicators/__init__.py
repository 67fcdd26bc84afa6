"""One indicator side by side: the comparison, the indicator view, display tables, the Panel."""
