"""Notifications are the user's own; the list that shows a family's content in them is logged as a read
of the family's registration (see `los.notifications.disclosure`)."""

from los.core.policy import Area, register_page

from .disclosure import RECORD_TYPE

register_page(RECORD_TYPE, Area.REGISTRATION)
