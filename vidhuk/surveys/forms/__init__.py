"""Forms of surveys: public.py for residents."""
