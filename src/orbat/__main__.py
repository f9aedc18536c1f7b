from orbat.cli import app

app()
