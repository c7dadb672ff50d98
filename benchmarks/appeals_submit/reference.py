"""Where the reference view answers and the table it writes (see reference_urls.py)."""

REFERENCE_PATH = "/bench/one-insert/"
REFERENCE_TABLE = "bench_reference_insert"
CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {REFERENCE_TABLE} "
    "(id bigserial PRIMARY KEY, text text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
)
