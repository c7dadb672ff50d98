"""Platform administrators' read-mostly view of appeals. Centres work in the staff pages."""

from django.contrib import admin

from .models import Appeal, AppealsSettings, HotlineCall, SuggestionBoxOpening


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("registration_index", "centre", "kind", "channel", "status", "received_at")
    list_filter = ("kind", "channel", "status")
    search_fields = ("registration_index",)
    list_select_related = ("centre",)
    readonly_fields = ("registration_index", "tracker_token_hash", "submission_key")
    raw_id_fields = ("executor", "office", "service", "box_opening")


@admin.register(AppealsSettings)
class AppealsSettingsAdmin(admin.ModelAdmin):
    list_display = ("centre", "retention_days", "digest_enabled")


@admin.register(HotlineCall)
class HotlineCallAdmin(admin.ModelAdmin):
    list_display = ("started_at", "centre", "topic", "duration_seconds")
    raw_id_fields = ("operator", "appeal", "office", "service")


@admin.register(SuggestionBoxOpening)
class SuggestionBoxOpeningAdmin(admin.ModelAdmin):
    list_display = ("opened_on", "centre", "office")
