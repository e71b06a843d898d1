project = "Citations & <Tests>"
html_title = "Citations & <Tests> booklet"
extensions = ["fomoproc.sphinxext"]
fomoproc_export = "export.json"
fomoproc_program = "program.toml"
html_theme = "pydata_sphinx_theme"
html_baseurl = "https://booklet.example.org/tw/"
latex_documents = [("index", "booklet.tex", "Citation Tests", "Organizers", "manual", False)]
# One title has an unbalanced brace on purpose, to prove the writers never emit an invalid
# entry: a warning of the import (text like any other), not an error.
