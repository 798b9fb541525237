"""The daily digest: select and group stored articles (build.py), render (md, html, json, atom,
templates/), deliver each due day once to files and e-mail (deliver.py, mail.py)."""
