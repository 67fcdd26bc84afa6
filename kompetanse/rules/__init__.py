"""Business rules every view shares: privacy, observations, Norwegian formatting, names, regions."""
