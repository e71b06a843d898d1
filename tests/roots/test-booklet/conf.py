project = "Test Workshop"
extensions = ["fomoproc.sphinxext"]
fomoproc_export = "export.json"
fomoproc_program = "program.toml"
html_theme = "pydata_sphinx_theme"
# Our own list: pydata-sphinx-theme appends to this one, and to Sphinx's shared default
# when unset (a second build in one process then sees a changed configuration).
templates_path: list[str] = []
latex_documents = [("index", "booklet.tex", "Test Booklet", "Organizers", "manual", False)]
# In print a link cannot be followed: its address is printed, as a footnote.
latex_show_urls = "footnote"
