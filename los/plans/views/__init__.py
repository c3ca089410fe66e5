"""Pages of the individual plan: the coordinator edits, staff on the family read, guardians read and
comment. The views bind, call and render: who may do what is the record policy's (`policy.py`), the
rules are the services', the reads the selectors'.

* `plan`: the plan page, making and editing the plan, revisions, versions, comparison and the PDF.
* `goals`: goals, measures, participants and evaluations of measures.
* `comments`: the family's page of the plan, where guardians comment, and marking comments as read.
"""
