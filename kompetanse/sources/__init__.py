"""Source adapters: where official figures come from (SSB, KLASS, Udir) and how a response becomes rows."""
