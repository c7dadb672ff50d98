from django.urls import path

app_name = "catalog_staff"
urlpatterns: list = []
