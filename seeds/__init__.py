"""
The seed page verbatim, the structured data derived from it, and the demo edition built from them
(demo, stand_in, manage.py load_demo_edition and create_demo_users).

May import: core, departments, articles, editions.
"""
