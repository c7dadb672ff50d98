"""Views of surveys: public.py for residents."""
