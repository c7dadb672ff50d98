from django.urls import path

from .views import public

app_name = "catalog"
urlpatterns = [
    path("", public.service_list, name="list"),
    path("<slug:slug>/", public.service_detail, name="detail"),
    path("<slug:slug>/print/", public.service_print, name="print"),
]
