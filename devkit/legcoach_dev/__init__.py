"""Everything around the skill that Lambda never runs: the typed local conversation and its NLU,
the Flask web-service mode, and the interaction-model tooling. Depends on `legcoach`; never the
other way round."""
