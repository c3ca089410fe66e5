from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("statistikk/", views.statistics, name="statistics"),
    path("statistikk/tall.csv", views.statistics_export, {"fmt": "csv"}, name="statistics_csv"),
    path("statistikk/tall.xlsx", views.statistics_export, {"fmt": "xlsx"}, name="statistics_xlsx"),
    path("statistikk/arsrapport-<int:year>.pdf", views.annual_report, name="annual_report"),
]
