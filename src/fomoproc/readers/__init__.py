"""Readers: one module per input format, each turning a file into model values.

A reader never crashes on a bad record and never skips one silently: the record
becomes an :class:`~fomoproc.model.Exclusion` or a :class:`~fomoproc.model.Problem`.
Only a file that cannot be used at all raises :class:`~fomoproc.errors.InputError`.
"""
