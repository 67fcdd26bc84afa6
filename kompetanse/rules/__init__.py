"""Rules that hold for every figure: privacy (what is hidden and why), and the audit that proves it."""
