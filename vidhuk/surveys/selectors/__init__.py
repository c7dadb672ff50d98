"""Every read of questionnaires, scoped to the centre: ``questionnaires`` (lookups), ``builder``
(the builder's reads), ``moderation`` (free-text answers), ``export`` (the export's SQL).
Results are in ``vidhuk.surveys.results``; what the mystery shopper (vidhuk.mystery) reads of its
checklists and their answers in ``checklists``."""
