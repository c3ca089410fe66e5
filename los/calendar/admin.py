"""The municipality's calendar configuration: places, travel times, where services receive families,
opening hours and closed dates. A family's own limits (`FamilyLimits`) are family content and are
edited from the family's calendar page, not here."""

from django.contrib import admin

from los.core.admin import ConfigurationAdmin

from .models import ClosedDate, OpeningHours, Place, ServiceCalendar, TravelTime


@admin.register(Place)
class PlaceAdmin(ConfigurationAdmin):
    list_display = ["name", "address", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(TravelTime)
class TravelTimeAdmin(ConfigurationAdmin):
    list_display = ["place_a", "place_b", "minutes", "municipality"]
    list_filter = ["municipality"]


@admin.register(ServiceCalendar)
class ServiceCalendarAdmin(ConfigurationAdmin):
    list_display = ["service", "place"]


@admin.register(OpeningHours)
class OpeningHoursAdmin(ConfigurationAdmin):
    list_display = ["service", "weekday", "opens", "closes"]
    list_filter = ["weekday"]


@admin.register(ClosedDate)
class ClosedDateAdmin(ConfigurationAdmin):
    list_display = ["service", "date", "reason"]
