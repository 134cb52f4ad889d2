"""微课堂 coverage: who a campaign has reached in any region (persons, party members, households), the gap list of who it has not, computed in one module (engine.py)."""
