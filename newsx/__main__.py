from newsx.cli import app

app(prog_name="newsx")
