# Day first, no comma: "29 نوفمبر 2026"; the digits become Arabic-Indic in templates.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y، g:i A"
