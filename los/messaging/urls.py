from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("adresser/", views.address_register, name="addresses"),
    path("usortert/", views.unsorted_list, name="unsorted"),
    path("usortert/<int:item_id>/", views.unsorted_sort, name="sort"),
    path("<int:family_id>/", views.message_list, name="list"),
    path("<int:family_id>/ny/", views.message_create, name="create"),
    path("<int:family_id>/<int:message_id>/", views.message_detail, name="detail"),
    path("<int:family_id>/<int:message_id>/svar/", views.message_reply, name="reply"),
    path(
        "<int:family_id>/<int:message_id>/vedlegg/<int:number>/", views.message_attachment, name="attachment"
    ),
]
