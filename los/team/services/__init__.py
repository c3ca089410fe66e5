"""The team's workflows, one module per part of the work:

* `group`: the responsibility group, and who the family's consent covers;
* `meetings`: calling, moving and cancelling meetings, and replies (`invitations`: the e-mailed
  iCalendar invitations; `minutes`: the minutes);
* `follow_up`: action items and the contact log;
* `reminders`: the sweep's reminders, chases and the no-contact reminder;
* `relay`: the BTI relay log (stafettlogg).
"""
