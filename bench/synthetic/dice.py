"""The seeded random source every stage of the generator draws from, and its deviation coin.

Everything random in a corpus comes from one ``random.Random`` per ``generate`` call, drawn in a
fixed order, so a seed reproduces every byte. Stages receive this object explicitly; none of them
keeps its own random state.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(slots=True)
class Dice:
    rng: random.Random
    deviation_scale: float  # multiplies the probability of every optional deviation

    def deviate(self, probability: float) -> bool:
        """One draw: switch an optional deviation on with ``probability`` × ``deviation_scale``."""
        return self.rng.random() < probability * self.deviation_scale
