from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from los.api.api import api
from los.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(template_name="core/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("familier/", include("los.people.urls")),
    path("familie/", include("los.portal.urls")),
    path("leder/", include("los.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler404 = "los.core.errors_views.not_found"
handler403 = "los.core.errors_views.forbidden"
handler400 = "los.core.errors_views.bad_request"
