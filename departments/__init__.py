"""
Departments: the city bureaus and district offices stories come from (model and admin).

May import: core. Their public pages list stories, so they live in articles (department_pages).
"""
