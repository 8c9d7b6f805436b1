"""The tender evaluation workflow: from a ruleset's lot to an award.

Start with `obcrules.tender.workflow` (one function per ``obc tender`` command)
and `obcrules.tender.workspace.open_workspace`::

    from obcrules.tender.workspace import open_workspace
    from obcrules.tender.workflow import run_evaluation

    ws = open_workspace("anytown-continence")
    evaluation, outcome = run_evaluation(ws)

Modules, in pipeline order: `config`, `workspace`, `bid_layout`, `bids`,
`bid_xlsx`, `bid_form`, `withdrawals`, `targets`, `gates`, `scoring`, `sheets`,
`scoresheets`, `moderation`, `ranking`, `sensitivity`, `evaluation`, `result`,
`award`, `ocds`, `audit`, `workflow`, `demo`. This package imports nothing
heavy at import time: the core plugin imports `scoring` and `gates` from it.
"""
