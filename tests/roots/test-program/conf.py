project = "Test Workshop"
extensions = ["fomoproc.sphinxext"]
fomoproc_export = "export.json"
fomoproc_program = "program.toml"
html_theme = "pydata_sphinx_theme"
latex_documents = [("index", "booklet.tex", "Test Booklet", "Organizers", "manual", False)]
