"""Views of the accounts app: signing in and passwords (`auth`), staff and roles (`staff`)."""
