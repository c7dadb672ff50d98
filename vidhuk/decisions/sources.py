"""The keys of evidence sources (``Evidence.source``); their descriptions are in ``evidence``."""

APPEAL = "appeal"
SUGGESTION = "suggestion"
HOTLINE_CALL = "hotline_call"
SURVEY_RESULT = "survey_result"
MYSTERY_VISIT = "mystery_visit"
MYSTERY_CRITERION = "mystery_criterion"
# Sources whose object is an appeal row: its writer may be told what came of it.
RESIDENT_SOURCES = (APPEAL, SUGGESTION)
