"""微课堂 beyond attendance: lecture teams and mobile lectures (流动学), 三句半 scripts (唱演学) and the learning materials library."""
