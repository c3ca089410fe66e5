"""The team's pages: `group` (the follow-up page and the responsibility group), `meetings`, `follow_up`
(action items, the contact log and the coordinator's lists) and `relay` (the BTI relay log)."""
