"""The documents obcrules writes, as types: one source for the code and the JSON Schemas.

`obcrules.results.monitoring` (``monitoring.json``) and
`obcrules.results.evaluation` (``out/evaluation.json``) are `TypedDict`s that the
engine and the tender write, the reports and plugins' report sections read, and
`obcrules.results.schemas` turns into the published JSON Schemas. `read_document`
reads one from a file and validates it, naming the file and the field when it
does not fit.
"""
