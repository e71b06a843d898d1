project = "Citations & <Tests>"
html_title = "Citations & <Tests> booklet"
extensions = ["fomoproc.sphinxext"]
fomoproc_export = "export.json"
fomoproc_program = "program.toml"
html_theme = "pydata_sphinx_theme"
html_baseurl = "https://booklet.example.org/tw/"
latex_documents = [("index", "booklet.tex", "Citation Tests", "Organizers", "manual", False)]
# One title has an unbalanced brace on purpose, to prove the writers never emit an invalid
# entry; `fomoproc check` and the build report it as an error, which this root accepts.
suppress_warnings = ["fomoproc.export"]
