from django.contrib import admin

from .models import ClosedDate, FamilyLimits, OpeningHours, Place, ServiceCalendar, TravelTime


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(TravelTime)
class TravelTimeAdmin(admin.ModelAdmin):
    list_display = ["place_a", "place_b", "minutes", "municipality"]
    list_filter = ["municipality"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "service"
    extra = 0


@admin.register(ServiceCalendar)
class ServiceCalendarAdmin(admin.ModelAdmin):
    list_display = ["service", "place"]


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ["service", "weekday", "opens", "closes"]
    list_filter = ["weekday"]


@admin.register(ClosedDate)
class ClosedDateAdmin(admin.ModelAdmin):
    list_display = ["service", "date", "reason"]


@admin.register(FamilyLimits)
class FamilyLimitsAdmin(admin.ModelAdmin):
    list_display = ["family", "max_appointments_per_day", "earliest", "latest"]
