"""Ingest at dump scale: the same extraction, spread over processes or a Dask cluster.

A full Wikipedia dump is ~100 GB of XML and decompressing it is the floor on
how fast it can be read, so the work is cut into units (byte ranges of a
multistream dump, or whole files) that workers decompress, filter and extract
on their own, returning Arrow tables. One writer process commits each unit's
rows together with a record of the unit, in unit order, so an interrupted
ingest resumes where it stopped and ends exactly as an uninterrupted one.
"""

from orbat.scale.units import FilterSpec, Unit, plan_units

__all__ = ["FilterSpec", "Unit", "plan_units"]
