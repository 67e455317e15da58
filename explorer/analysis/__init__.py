"""Analysis over many runs: sensitivity, solving for an input, comparing scenarios. No Qt."""
