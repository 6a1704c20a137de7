"""Input and output at the edge: bounded YAML reading, source locations, findings, discovery,
limits, and atomic file output.

The path of one file: ``discovery`` finds it, ``reader`` reads it within ``limits`` (bytes,
text, events, nodes), ``walker`` turns its nodes into plain data while ``traps`` notes the
YAML 1.1 surprises, and ``document`` keeps the data with its node tree so that any later
finding can name a line and column.

May import: ``partnerfit.errors`` only (and pydantic, for ``Limits``). Never ``model``:
the models import ``io``, not the other way round.
"""
