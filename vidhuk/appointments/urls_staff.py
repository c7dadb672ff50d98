from django.urls import URLPattern, URLResolver

app_name = "appointments_staff"

urlpatterns: list[URLPattern | URLResolver] = []
