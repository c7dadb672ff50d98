"""Run CKAN's command line with a search index that does nothing (run by the CKAN virtual
environment's Python, never imported by Vidhuk).

Solr cannot be installed here, and the tests need none of it: ``package_show`` and the
``resource_*`` actions read and write the database; only indexing and ``package_search`` talk to
Solr. So indexing is a no-op, a search finds nothing, and ``package_show`` falls back to the
database (its cache lookup raises SearchError, which it catches). Usage:
``<ckan-venv>/bin/python ckan_run.py -c ckan.ini <ckan command …>``.
"""

import sys
from pathlib import Path

# This folder holds vidhuk/testing/ckan.py, which would shadow the ckan package.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

from ckan.lib.search.common import SearchError  # noqa: E402
from ckan.lib.search.index import PackageSearchIndex  # noqa: E402
from ckan.lib.search.query import PackageSearchQuery  # noqa: E402


def _search(self, query, permission_labels=None, **kwargs):  # type: ignore[no-untyped-def]
    self.count, self.results, self.facets = 0, [], {}
    return {"results": [], "count": 0}


def _cached(self, reference):  # type: ignore[no-untyped-def]
    raise SearchError("no search index in the tests")


PackageSearchQuery.run = _search
PackageSearchQuery.get_index = _cached
PackageSearchIndex.index_package = lambda self, pkg_dict, defer_commit=False: None
PackageSearchIndex.delete_package = lambda self, pkg_dict: None
PackageSearchIndex.commit = lambda self: None

if __name__ == "__main__":
    from ckan.cli.cli import ckan

    sys.exit(ckan())
