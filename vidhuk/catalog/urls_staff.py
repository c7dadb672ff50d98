from django.urls import path

from .views import staff, staff_import

app_name = "catalog_staff"
urlpatterns = [
    path("", staff.service_list, name="list"),
    path("new/", staff.service_create_view, name="create"),
    path("<int:pk>/", staff.service_edit, name="edit"),
    path("categories/", staff.category_list_view, name="categories"),
    path("import/", staff_import.import_upload, name="import"),
    path("import/confirm/", staff_import.import_confirm, name="import_confirm"),
    path("export.csv", staff_import.export_csv, name="export"),
]
