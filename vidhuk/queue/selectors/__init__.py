"""Reads of the electronic queue, by part: `tickets` (offices, windows and tickets looked up),
`console` (the line at a window and the board), `waits` (the estimated wait) and `figures`
(waiting and service times, the export, today's summary). Import from the part.
"""
