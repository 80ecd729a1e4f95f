"""Exchange with the national database of cadres, civil servants and public employees
(CSDL CBCCVC): `layout` (the one table of columns and code translations), `importing`
(an export of the national database read as rows of the import template, so that the
template's pipeline checks and writes it), `exporting` (the registry written in that
layout). See docs/EXCHANGE.md."""
