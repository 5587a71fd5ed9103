"""The API's contract in pydantic models, one module per area: what each route answers
(response models, built from domain objects by their `of` constructors), and what it accepts
(request bodies and query strings). Response models hold display values (money as text,
times as ISO text) so that the JSON shapes stay exactly what the site and resellers read.
"""
