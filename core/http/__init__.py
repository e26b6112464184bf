"""
What every request passes through: NUL-byte refusal, the CSP, security headers on static
files, the login lockout, the client's address behind trusted proxies, the admin's language, the
static-file finder that leaves CKEditor's unused samples out, and the static files' storage.

May import: core, Django and third-party libraries; no app.
"""
